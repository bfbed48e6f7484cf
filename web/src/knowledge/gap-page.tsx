import { useCallback, useState } from 'react';
import { ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useI18n, type MessageKey, type Vars } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { gapStatuses, listGaps, mineGaps, type GapStatus } from './gap-api.ts';
import { GapItem } from './gap-item.tsx';
import './gap.css';

/**
 * /knowledge/gaps: suggested FAQ items mined from the questions the bot
 * could not answer, most asked first. Editors review each one (examples,
 * draft answer from agents' replies), edit and accept it, or reject it.
 */
export function GapPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const canManage = can('knowledge.manage');
  const [status, setStatus] = useState<GapStatus>('open');
  const load = useCallback(() => listGaps(status), [status]);
  const { data, error, reload } = useLoad(load);
  // Kept as a key, so the note follows a language switch.
  const [note, setNote] = useState<{ key: MessageKey; vars?: Vars } | null>(null);
  const [mining, setMining] = useState(false);
  const [mineError, setMineError] = useState<unknown>(null);

  const mine = async () => {
    setMining(true);
    setMineError(null);
    setNote(null);
    try {
      setNote({ key: 'gaps.mined', vars: { ...(await mineGaps()) } });
      reload();
    } catch (err) {
      setMineError(err);
    }
    setMining(false);
  };

  return (
    <>
      <PageHeader
        title={t('gaps.title')}
        description={t('gaps.description')}
        actions={
          <div className="gap-actions">
            <label className="gap-filter">
              <span className="muted">{t('gaps.status')}</span>
              <select value={status} onChange={(e) => setStatus(e.target.value as GapStatus)}>
                {gapStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`gaps.status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            {canManage && (
              <button type="button" className="btn btn-primary" disabled={mining} onClick={() => void mine()}>
                {mining ? t('gaps.mining') : t('gaps.mine')}
              </button>
            )}
          </div>
        }
      />
      {note && (
        <div className="note note-good" role="status">
          {t(note.key, note.vars)}
        </div>
      )}
      <ErrorNote error={error ?? mineError} />
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <div className="card empty muted">{t('gaps.none')}</div>}
      {data && data.items.length > 0 && (
        <ul className="gap-list">
          {data.items.map((gap) => (
            <GapItem
              key={gap.id}
              gap={gap}
              canManage={canManage}
              onDecided={(done) => {
                setNote(done ? { key: done } : null);
                reload();
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}
