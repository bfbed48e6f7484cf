import { useEffect, useState, type FormEvent } from 'react';
import { api, type Items } from '../api.ts';
import { FormActions, Modal, ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { transferConversation } from './actions.ts';
import { useDirectory } from './directory.tsx';
import type { Conversation, RoutingAgent } from './model.ts';

/**
 * Transfer to a colleague (with their presence and load when routing is
 * on) or to a team, which puts the conversation back in that team's queue.
 */
export function TransferDialog({
  conversation,
  onClose,
  onDone,
}: {
  conversation: Conversation;
  onClose: () => void;
  onDone: (conversation: Conversation) => void;
}) {
  const { t } = useI18n();
  const directory = useDirectory();
  const [agents, setAgents] = useState<RoutingAgent[] | null>(null);
  const [target, setTarget] = useState<'agent' | 'team'>('agent');
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (directory.routing !== 'on') return;
    api<Items<RoutingAgent>>('GET', '/api/v1/routing/agents').then(
      (r) => setAgents(r.items),
      () => setAgents(null),
    );
  }, [directory.routing]);

  const people = agents
    ? agents.map((a) => ({
        id: a.userId,
        label: `${a.name} · ${t(`presence.${a.presence}` as const)} · ${t('transfer.load', { active: a.activeCount, capacity: a.capacity })}`,
      }))
    : directory.users.filter((u) => u.status === 'active').map((u) => ({ id: u.id, label: u.name }));
  const options =
    target === 'agent' ? people.filter((p) => p.id !== conversation.assigneeId) : directory.teams.map((team) => ({ id: team.id, label: team.name }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await transferConversation(conversation.id, target === 'agent' ? { assigneeId: choice } : { teamId: choice }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal title={t('transfer.title')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        {directory.teams.length > 0 && (
          <div className="segmented" role="group" aria-label={t('transfer.to')}>
            {(['agent', 'team'] as const).map((k) => (
              <button
                key={k}
                type="button"
                className={target === k ? 'on' : undefined}
                aria-pressed={target === k}
                onClick={() => {
                  setTarget(k);
                  setChoice('');
                }}
              >
                {t(k === 'agent' ? 'transfer.toAgent' : 'transfer.toTeam')}
              </button>
            ))}
          </div>
        )}
        <label className="field">
          <span>{t(target === 'agent' ? 'transfer.agent' : 'transfer.team')}</span>
          <select value={choice} onChange={(e) => setChoice(e.target.value)} required>
            <option value="">{t('transfer.choose')}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {target === 'team' && <p className="muted small">{t('transfer.teamHint')}</p>}
        <ErrorNote error={error} />
        <FormActions onCancel={onClose} disabled={busy || !choice} submitLabel={t('transfer.submit')} />
      </form>
    </Modal>
  );
}
