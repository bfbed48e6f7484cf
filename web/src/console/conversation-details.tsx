import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { patchConversation, type ConversationPatch } from './actions.ts';
import { valueLabel } from './activity.ts';
import { useDirectory } from './directory.tsx';
import { priorities, type Conversation, type Priority } from './model.ts';

/** Labels as removable chips plus a box to add one (Enter adds). */
function LabelsEditor({ labels, disabled, onChange }: { labels: string[]; disabled: boolean; onChange: (labels: string[]) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    const label = draft.trim();
    if (label && !labels.includes(label)) onChange([...labels, label]);
    setDraft('');
  };
  return (
    <div className="labels">
      <div className="chips">
        {labels.map((l) => (
          <span key={l} className="chip label-chip">
            {l}
            {!disabled && (
              <button
                type="button"
                className="chip-x"
                aria-label={t('details.removeLabel', { label: l })}
                onClick={() => onChange(labels.filter((x) => x !== l))}
              >
                ×
              </button>
            )}
          </span>
        ))}
        {labels.length === 0 && <span className="muted small">{t('details.noLabels')}</span>}
      </div>
      {!disabled && (
        <form onSubmit={add} className="label-add">
          <input
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            maxLength={50}
            placeholder={t('details.addLabel')}
            aria-label={t('details.addLabel')}
          />
        </form>
      )}
    </div>
  );
}

/** Assignee, priority and labels of the open conversation. */
export function ConversationDetails({ conversation, onChange }: { conversation: Conversation; onChange: (c: Conversation) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { can } = useSession();
  const directory = useDirectory();
  const [error, setError] = useState<unknown>(null);
  const manage = can('conversations.manage');
  const patch = (p: ConversationPatch) => {
    setError(null);
    patchConversation(conversation.id, p).then(onChange, setError);
  };
  const people = directory.users.filter((u) => u.status === 'active' || u.id === conversation.assigneeId);

  return (
    <section className="panel-section" aria-label={t('details.title')}>
      <h3>{t('details.title')}</h3>
      <label className="field compact">
        <span>{t('details.assignee')}</span>
        <select value={conversation.assigneeId ?? ''} disabled={!manage} onChange={(e) => patch({ assigneeId: e.target.value || null })}>
          <option value="">{t('conv.unassigned')}</option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field compact">
        <span>{t('details.priority')}</span>
        <select value={conversation.priority} disabled={!manage} onChange={(e) => patch({ priority: e.target.value as Priority })}>
          {priorities.map((p) => (
            <option key={p} value={p}>
              {valueLabel(i18n, 'priority', p)}
            </option>
          ))}
        </select>
      </label>
      <div className="field compact">
        <span>{t('details.labels')}</span>
        <LabelsEditor labels={conversation.labels} disabled={!manage} onChange={(labels) => patch({ labels })} />
      </div>
      <ErrorNote error={error} />
    </section>
  );
}
