import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { NameField, SlaEditorDialog } from './editor-dialog.tsx';
import { priorities, type BusinessCalendar, type SlaAction, type SlaPolicy, type SlaPriority } from './types.ts';

const minutesOrUndefined = (v: string) => (v.trim() === '' ? undefined : Number(v));
const hasAction = (actions: SlaAction[], type: SlaAction['type']) => actions.some((a) => a.type === type);

/** Create or edit an SLA policy: conditions, targets in business minutes, the warning, the calendar and what a breach does. */
export function PolicyEditor({
  policy,
  calendars,
  onClose,
  onSaved,
}: {
  policy: SlaPolicy | null;
  calendars: BusinessCalendar[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(policy?.name ?? '');
  const [position, setPosition] = useState(String(policy?.position ?? 0));
  const [enabled, setEnabled] = useState(policy?.enabled ?? true);
  const [prios, setPrios] = useState<Set<SlaPriority>>(new Set(policy?.conditions.priorities ?? []));
  const [tiers, setTiers] = useState((policy?.conditions.tiers ?? []).join(', '));
  const [first, setFirst] = useState(String(policy?.targets.firstResponse ?? ''));
  const [next, setNext] = useState(String(policy?.targets.nextResponse ?? ''));
  const [resolution, setResolution] = useState(String(policy?.targets.resolution ?? ''));
  const [warnPercent, setWarnPercent] = useState(policy?.warnBefore && 'percent' in policy.warnBefore ? String(policy.warnBefore.percent) : '');
  const [calendarId, setCalendarId] = useState(policy?.calendarId ?? '');
  const breach = policy?.escalation.onBreach ?? [{ type: 'notify' as const }];
  const [notify, setNotify] = useState(hasAction(breach, 'notify'));
  const [raise, setRaise] = useState(hasAction(breach, 'raise_priority'));
  const [warnNotify, setWarnNotify] = useState(hasAction(policy?.escalation.onWarning ?? [], 'notify'));

  const body = () => {
    const keep = (policy?.escalation.onBreach ?? []).filter((a) => a.type === 'reassign');
    return {
      name: name.trim(),
      position: Number(position) || 0,
      enabled,
      conditions: {
        ...(prios.size ? { priorities: [...prios] } : {}),
        ...(policy?.conditions.categoryIds?.length ? { categoryIds: policy.conditions.categoryIds } : {}),
        ...(tiers.trim() ? { tiers: tiers.split(/[,，\s]+/).filter(Boolean) } : {}),
      },
      targets: { firstResponse: minutesOrUndefined(first), nextResponse: minutesOrUndefined(next), resolution: minutesOrUndefined(resolution) },
      warnBefore: warnPercent.trim() ? { percent: Number(warnPercent) } : null,
      calendarId: calendarId || null,
      escalation: {
        onWarning: warnNotify ? [{ type: 'notify' }] : [],
        onBreach: [...(notify ? [{ type: 'notify' }] : []), ...(raise ? [{ type: 'raise_priority' }] : []), ...keep],
      },
    };
  };

  const toggle = (p: SlaPriority) => setPrios((s) => (s.has(p) ? new Set([...s].filter((x) => x !== p)) : new Set([...s, p])));
  const minutesField = (label: string, value: string, set: (v: string) => void) => (
    <label className="field">
      <span>{label}</span>
      <input type="number" min={1} step={1} value={value} onChange={(e) => set(e.target.value)} placeholder={t('sla.notTracked')} />
    </label>
  );
  return (
    <SlaEditorDialog
      title={policy ? t('sla.policy.edit') : t('sla.policy.new')}
      collection="/api/v1/sla/policies"
      id={policy?.id}
      body={body}
      onSaved={onSaved}
      onClose={onClose}
    >
      <div className="field-row">
        <NameField value={name} onChange={setName} />
        <label className="field">
          <span>{t('sla.policy.position')}</span>
          <input type="number" min={0} value={position} onChange={(e) => setPosition(e.target.value)} />
        </label>
      </div>
      <fieldset className="checks">
        <legend>{t('sla.policy.priorities')}</legend>
        <div className="check-row">
          {priorities.map((p) => (
            <label key={p} className="check-inline">
              <input type="checkbox" checked={prios.has(p)} onChange={() => toggle(p)} />
              {t(`sla.priority.${p}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        <span>{t('sla.policy.tiers')}</span>
        <input value={tiers} onChange={(e) => setTiers(e.target.value)} placeholder="vip, gold" />
      </label>
      <div className="field-row">
        {minutesField(t('sla.target.first_response'), first, setFirst)}
        {minutesField(t('sla.target.next_response'), next, setNext)}
        {minutesField(t('sla.target.resolution'), resolution, setResolution)}
      </div>
      <small className="muted">{t('sla.policy.minutesHint')}</small>
      <div className="field-row">
        <label className="field">
          <span>{t('sla.policy.warnPercent')}</span>
          <input type="number" min={1} max={99} value={warnPercent} onChange={(e) => setWarnPercent(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('sla.policy.calendar')}</span>
          <select value={calendarId} onChange={(e) => setCalendarId(e.target.value)}>
            <option value="">{t('sla.allDay')}</option>
            {calendars.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="check-row">
        <label className="check-inline">
          <input type="checkbox" checked={warnNotify} onChange={(e) => setWarnNotify(e.target.checked)} />
          {t('sla.policy.warnNotify')}
        </label>
        <label className="check-inline">
          <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
          {t('sla.policy.breachNotify')}
        </label>
        <label className="check-inline">
          <input type="checkbox" checked={raise} onChange={(e) => setRaise(e.target.checked)} />
          {t('sla.policy.breachRaise')}
        </label>
        <label className="check-inline">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t('sla.policy.enabled')}
        </label>
      </div>
    </SlaEditorDialog>
  );
}
