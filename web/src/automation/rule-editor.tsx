import { useState, type FormEvent } from 'react';
import { FormActions, ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { ActionRow, blankAction } from './action-row.tsx';
import {
  createRule,
  testRule,
  triggers,
  updateRule,
  type Action,
  type Condition,
  type Rule,
  type RuleInput,
  type TestResult,
  type Trigger,
} from './automation-api.ts';
import { ConditionRow } from './condition-row.tsx';
import { show } from './run-log.tsx';

interface Row {
  condition: Condition;
  /** What the person typed in the value box (kept so "a, b" is not re-rendered from the parsed list). */
  text: string;
}

const toRows = (conditions: Condition[]): Row[] => conditions.map((condition) => ({ condition, text: show(condition.value).replace(/^—$/, '') }));
const blankCondition = (): Row => ({ condition: { field: 'message.text', op: 'contains', value: '' }, text: '' });

/** Create or edit a rule: trigger, condition rows (all / any), action rows, and a dry run against a conversation. */
export function RuleEditor({ rule, onDone }: { rule: Rule | null; onDone: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(rule?.name ?? '');
  const [trigger, setTrigger] = useState<Trigger>(rule?.trigger ?? 'message.received');
  const [all, setAll] = useState<Row[]>(rule ? toRows(rule.conditions.all) : [blankCondition()]);
  const [any, setAny] = useState<Row[]>(rule ? toRows(rule.conditions.any) : []);
  const [actions, setActions] = useState<Action[]>(rule?.actions ?? [blankAction('set_field')]);
  const [stopProcessing, setStopProcessing] = useState(rule?.stopProcessing ?? false);
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [testId, setTestId] = useState('');
  const [testText, setTestText] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);

  const input = (): RuleInput => ({
    name: name.trim(),
    enabled,
    trigger,
    stopProcessing,
    conditions: { all: all.map((r) => r.condition), any: any.map((r) => r.condition) },
    actions,
  });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await (rule ? updateRule(rule.id, input()) : createRule(input()));
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const test = async () => {
    setError(null);
    setResult(null);
    try {
      setResult(await testRule(input(), testId.trim(), testText.trim() || undefined));
    } catch (err) {
      setError(err);
    }
  };

  const conditionList = (rows: Row[], setRows: (rows: Row[]) => void, label: string) => (
    <fieldset className="automation-group">
      <legend>{label}</legend>
      {rows.map((row, i) => (
        <ConditionRow
          key={i}
          index={i}
          condition={row.condition}
          text={row.text}
          onChange={(condition, text) => setRows(rows.map((r, j) => (j === i ? { condition, text } : r)))}
          onRemove={() => setRows(rows.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" className="btn btn-small" onClick={() => setRows([...rows, blankCondition()])}>
        {t('automation.editor.addCondition')}
      </button>
    </fieldset>
  );

  return (
    <form
      className="card automation-editor"
      onSubmit={(e) => void save(e)}
      aria-label={rule ? t('automation.editor.edit') : t('automation.editor.new')}
    >
      <h2>{rule ? t('automation.editor.edit') : t('automation.editor.new')}</h2>
      <div className="field-row">
        <label className="field">
          <span>{t('automation.editor.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </label>
        <label className="field">
          <span>{t('automation.editor.trigger')}</span>
          <select value={trigger} onChange={(e) => setTrigger(e.target.value as Trigger)}>
            {triggers.map((tr) => (
              <option key={tr} value={tr}>
                {t(`automation.trigger.${tr}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {conditionList(all, setAll, t('automation.editor.all'))}
      {conditionList(any, setAny, t('automation.editor.any'))}
      <fieldset className="automation-group">
        <legend>{t('automation.editor.actions')}</legend>
        {actions.map((action, i) => (
          <ActionRow
            key={i}
            index={i}
            action={action}
            onChange={(next) => setActions(actions.map((a, j) => (j === i ? next : a)))}
            onRemove={() => setActions(actions.filter((_, j) => j !== i))}
          />
        ))}
        <button type="button" className="btn btn-small" onClick={() => setActions([...actions, blankAction('add_label')])}>
          {t('automation.editor.addAction')}
        </button>
      </fieldset>
      <label className="automation-check">
        <input type="checkbox" checked={stopProcessing} onChange={(e) => setStopProcessing(e.target.checked)} />
        {t('automation.editor.stopProcessing')}
      </label>
      <label className="automation-check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('automation.editor.enabled')}
      </label>
      <fieldset className="automation-group">
        <legend>{t('automation.editor.test')}</legend>
        <div className="automation-row">
          <input
            aria-label={t('automation.editor.testId')}
            placeholder={t('automation.editor.testId')}
            value={testId}
            onChange={(e) => setTestId(e.target.value)}
          />
          <input
            aria-label={t('automation.editor.testText')}
            placeholder={t('automation.editor.testText')}
            value={testText}
            onChange={(e) => setTestText(e.target.value)}
          />
          <button type="button" className="btn btn-small" disabled={!testId.trim()} onClick={() => void test()}>
            {t('automation.editor.run')}
          </button>
        </div>
        {result && (
          <div className={`note ${result.matched ? 'note-good' : 'note-warn'}`} role="status">
            {result.matched ? t('automation.editor.wouldMatch', { n: result.actions.length }) : t('automation.editor.wouldNotMatch')}
            <ul className="automation-facts">
              {result.conditions.map((c, i) => (
                <li key={i} className={c.matched ? 'ok' : 'miss'}>
                  {c.field} {t(`automation.op.${c.op}` as 'automation.op.eq')} {show(c.value)} — {t('automation.editor.saw')}: {show(c.actual)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </fieldset>
      <ErrorNote error={error} />
      <FormActions onCancel={onDone} disabled={busy || !name.trim() || actions.length === 0} submitLabel={t('common.save')} />
    </form>
  );
}
