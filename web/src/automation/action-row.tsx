import { useCallback } from 'react';
import { api } from '../api.ts';
import { useLoad } from '../components/ui.tsx';
import { useDirectory } from '../console/directory.tsx';
import { useI18n } from '../i18n/index.tsx';
import { actionTypes, type Action, type ActionType } from './automation-api.ts';

/** A new action of `type` with empty parameters. */
export function blankAction(type: ActionType): Action {
  switch (type) {
    case 'set_field':
      return { type, field: 'priority', value: 'urgent' };
    case 'add_label':
    case 'remove_label':
      return { type, label: '' };
    case 'assign':
      return { type, userId: '' };
    case 'assign_team':
      return { type, teamId: '' };
    case 'assign_round_robin':
      return { type };
    case 'send_canned':
      return { type, cannedId: '' };
    case 'add_note':
      return { type, text: '' };
    case 'send_email':
      return { type, to: 'contact', subject: '', body: '' };
    case 'webhook':
      return { type, url: '', secret: '' };
    case 'create_task':
      return { type, title: '', dueInHours: 24 };
  }
}

const SET_FIELD_VALUES: Record<string, string[]> = {
  priority: ['low', 'normal', 'high', 'urgent'],
  status: ['open', 'pending', 'resolved', 'bot'],
};

/** One action: its type and the parameters that type takes. */
export function ActionRow({
  action,
  onChange,
  onRemove,
  index,
}: {
  action: Action;
  onChange: (a: Action) => void;
  onRemove: () => void;
  index: number;
}) {
  const { t } = useI18n();
  const { users, teams } = useDirectory();
  const loadCanned = useCallback(
    () => api<{ items: { id: string; title: string }[] }>('GET', '/api/v1/canned-responses?scope=workspace&limit=100'),
    [],
  );
  const canned = useLoad(loadCanned).data?.items ?? [];
  const text = (label: string, key: string, value: string, multiline = false) => {
    const change = (v: string) => onChange({ ...action, [key]: v } as Action);
    return multiline ? (
      <textarea aria-label={label} placeholder={label} value={value} onChange={(e) => change(e.target.value)} rows={2} />
    ) : (
      <input aria-label={label} placeholder={label} value={value} onChange={(e) => change(e.target.value)} />
    );
  };
  const choose = (label: string, key: string, value: string, options: { id: string; name: string }[]) => (
    <select aria-label={label} value={value} onChange={(e) => onChange({ ...action, [key]: e.target.value } as Action)}>
      <option value="">{t('automation.editor.choose')}</option>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
  return (
    <div className="automation-row" data-action={index}>
      <select aria-label={t('automation.editor.actions')} value={action.type} onChange={(e) => onChange(blankAction(e.target.value as ActionType))}>
        {actionTypes.map((type) => (
          <option key={type} value={type}>
            {t(`automation.action.${type}`)}
          </option>
        ))}
      </select>
      {action.type === 'set_field' && (
        <>
          <select
            aria-label={t('automation.editor.field')}
            value={action.field}
            onChange={(e) => onChange({ ...action, field: e.target.value, value: SET_FIELD_VALUES[e.target.value]?.[0] ?? '' })}
          >
            {['priority', 'status', 'team'].map((f) => (
              <option key={f} value={f}>
                {t(`automation.field.${f}` as 'automation.field.status')}
              </option>
            ))}
          </select>
          {action.field === 'team'
            ? choose(t('automation.editor.teamPick'), 'value', String(action.value ?? ''), teams)
            : choose(
                t('automation.editor.value'),
                'value',
                String(action.value ?? ''),
                (SET_FIELD_VALUES[action.field] ?? []).map((v) => ({ id: v, name: v })),
              )}
        </>
      )}
      {(action.type === 'add_label' || action.type === 'remove_label') && text(t('automation.editor.label'), 'label', action.label)}
      {action.type === 'assign' &&
        choose(
          t('automation.editor.user'),
          'userId',
          action.userId,
          users.map((u) => ({ id: u.id, name: u.name })),
        )}
      {action.type === 'assign_team' && choose(t('automation.editor.teamPick'), 'teamId', action.teamId, teams)}
      {action.type === 'send_canned' &&
        choose(
          t('automation.editor.canned'),
          'cannedId',
          action.cannedId,
          canned.map((c) => ({ id: c.id, name: c.title })),
        )}
      {action.type === 'add_note' && text(t('automation.editor.text'), 'text', action.text, true)}
      {action.type === 'send_email' && (
        <>
          {text(t('automation.editor.to'), 'to', action.to)}
          {text(t('automation.editor.emailSubject'), 'subject', action.subject)}
          {text(t('automation.editor.text'), 'body', action.body, true)}
        </>
      )}
      {action.type === 'webhook' && (
        <>
          {text(t('automation.editor.url'), 'url', action.url)}
          {text(t('automation.editor.secret'), 'secret', action.secret)}
        </>
      )}
      {action.type === 'create_task' && (
        <>
          {text(t('automation.editor.title'), 'title', action.title)}
          <input
            type="number"
            min={1}
            aria-label={t('automation.editor.due')}
            value={action.dueInHours ?? ''}
            onChange={(e) => onChange({ ...action, dueInHours: e.target.value ? Number(e.target.value) : undefined })}
          />
        </>
      )}
      <button type="button" className="btn btn-small btn-quiet" onClick={onRemove}>
        {t('automation.editor.remove')}
      </button>
    </div>
  );
}
