import { useState, type FormEvent } from 'react';
import { Badge, ConfirmButton, ErrorNote } from '../components/ui.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { acceptGap, gapSignals, rejectGap, type GapSuggestion } from './gap-api.ts';

/** Why customers' questions landed here: the signals seen, most frequent first. */
function SignalBadges({ signals }: { signals: Record<string, number> }) {
  const { t } = useI18n();
  const seen = gapSignals.filter((s) => signals[s]).sort((a, b) => (signals[b] ?? 0) - (signals[a] ?? 0));
  return (
    <span className="gap-signals">
      {seen.map((s) => (
        <Badge key={s} tone={s === 'handoff' || s === 'not_helpful' ? 'warn' : 'neutral'}>
          {t(`gaps.signal.${s}`)} × {signals[s]}
        </Badge>
      ))}
    </span>
  );
}

/** Edit the suggestion's question, similar questions and answer, then accept it or reject it. */
function ReviewForm({ gap, onDecided }: { gap: GapSuggestion; onDecided: (note?: MessageKey) => void }) {
  const { t } = useI18n();
  const [question, setQuestion] = useState(gap.question);
  const [similar, setSimilar] = useState(gap.similar.join('\n'));
  const [answer, setAnswer] = useState(gap.draftAnswer ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>, note?: MessageKey) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onDecided(note);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const accept = (event: FormEvent) => {
    event.preventDefault();
    const lines = similar
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    void run(() => acceptGap(gap.id, { question: question.trim(), similar: lines, answer: answer.trim() }), 'gaps.accepted');
  };

  return (
    <form className="form gap-form" onSubmit={accept}>
      <label className="field">
        <span>{t('gaps.question')}</span>
        <input required maxLength={300} value={question} onChange={(e) => setQuestion(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('gaps.similar')}</span>
        <textarea rows={Math.min(8, Math.max(3, gap.similar.length + 1))} value={similar} onChange={(e) => setSimilar(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('gaps.answer')}</span>
        <textarea required rows={5} maxLength={20_000} value={answer} onChange={(e) => setAnswer(e.target.value)} />
        <small className="muted">{gap.draftAnswer ? t('gaps.answerHint') : t('gaps.noDraft')}</small>
      </label>
      <ErrorNote error={error} />
      <div className="form-actions">
        <ConfirmButton
          label={t('gaps.reject')}
          confirmLabel={t('gaps.confirmReject')}
          disabled={busy}
          onConfirm={() => void run(() => rejectGap(gap.id))}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('gaps.accept')}
        </button>
      </div>
    </form>
  );
}

/** One suggestion: how often and how it was asked; expanded, the examples and the draft (editable when open and allowed). */
export function GapItem({ gap, canManage, onDecided }: { gap: GapSuggestion; canManage: boolean; onDecided: (note?: MessageKey) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const editable = canManage && gap.status === 'open';
  return (
    <li className="card gap-item">
      <div className="gap-head">
        <div className="gap-main">
          <div className="cell-title" lang={gap.locale}>
            {gap.question}
          </div>
          <div className="gap-meta muted">
            <Badge tone="accent">{gap.count === 1 ? t('gaps.askedOne') : t('gaps.asked', { count: gap.count })}</Badge>
            <Badge>{t(`lang.${gap.locale}`)}</Badge>
            <span>{t('gaps.lastAsked', { when: i18n.dateTime(gap.lastAskedAt) })}</span>
            <SignalBadges signals={gap.signals} />
          </div>
        </div>
        <button type="button" className="btn btn-small btn-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('gaps.hide') : t('gaps.review')}
        </button>
      </div>
      {open && (
        <div className="gap-body">
          <h3 className="gap-subtitle">{t('gaps.examples')}</h3>
          <ul className="gap-examples">
            {gap.examples.map((e) => (
              <li key={`${e.conversationId} ${e.question}`}>
                <span lang={gap.locale}>{e.question}</span>{' '}
                <Link to={`/inbox/${e.conversationId}`} className="muted">
                  {t('gaps.openConversation')}
                </Link>
              </li>
            ))}
          </ul>
          {editable ? (
            <ReviewForm gap={gap} onDecided={onDecided} />
          ) : (
            <>
              <h3 className="gap-subtitle">{t('gaps.draft')}</h3>
              <p className="gap-draft" lang={gap.locale}>
                {gap.draftAnswer ?? t('gaps.noDraft')}
              </p>
            </>
          )}
        </div>
      )}
    </li>
  );
}
