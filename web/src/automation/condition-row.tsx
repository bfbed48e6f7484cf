import { useI18n } from '../i18n/index.tsx';
import { fields, operators, type Condition, type Operator, type Scalar } from './automation-api.ts';
import { show } from './run-log.tsx';

const LIST_OPS = new Set<Operator>(['in', 'not_in', 'contains', 'not_contains']);
const NO_VALUE = new Set<Operator>(['changed']);
const NUMBER_OPS = new Set<Operator>(['gt', 'lt', 'hours_since']);

/** Text typed in the value box → the value the API takes (lists for in/contains, numbers where numeric, booleans). */
export function parseValue(op: Operator, field: string, text: string): Scalar | Scalar[] | undefined {
  if (NO_VALUE.has(op)) return undefined;
  const one = (raw: string): Scalar => {
    const s = raw.trim();
    if (field === 'business_hours') return s === 'true';
    if (NUMBER_OPS.has(op) && s !== '' && !Number.isNaN(Number(s))) return Number(s);
    return s;
  };
  if (op === 'in' || op === 'not_in')
    return text
      .split(/[,，]/)
      .map(one)
      .filter((v) => v !== '');
  if (LIST_OPS.has(op) && /[,，]/.test(text))
    return text
      .split(/[,，]/)
      .map(one)
      .filter((v) => v !== '');
  return one(text);
}

/** One condition: field, operator, value. */
export function ConditionRow({
  condition,
  text,
  onChange,
  onRemove,
  index,
}: {
  condition: Condition;
  text: string;
  onChange: (condition: Condition, text: string) => void;
  onRemove: () => void;
  index: number;
}) {
  const { t, maybe } = useI18n();
  const custom = condition.field.startsWith('custom.');
  const set = (next: Partial<Condition>, nextText = text) => {
    const merged = { ...condition, ...next };
    onChange({ ...merged, value: parseValue(merged.op, merged.field, nextText) }, nextText);
  };
  return (
    <div className="automation-row" data-condition={index}>
      <select
        aria-label={t('automation.editor.field')}
        value={custom ? 'custom' : condition.field}
        onChange={(e) => set({ field: e.target.value === 'custom' ? 'custom.key' : e.target.value })}
      >
        {fields.map((f) => (
          <option key={f} value={f}>
            {maybe(`automation.field.${f}`) ?? f}
          </option>
        ))}
        <option value="custom">{t('automation.field.custom')}</option>
      </select>
      {custom && <input aria-label="custom.key" value={condition.field} onChange={(e) => set({ field: e.target.value })} />}
      <select aria-label={t('automation.editor.op')} value={condition.op} onChange={(e) => set({ op: e.target.value as Operator })}>
        {operators.map((op) => (
          <option key={op} value={op}>
            {t(`automation.op.${op}`)}
          </option>
        ))}
      </select>
      {!NO_VALUE.has(condition.op) &&
        (condition.field === 'business_hours' ? (
          <select aria-label={t('automation.editor.value')} value={show(condition.value)} onChange={(e) => set({}, e.target.value)}>
            <option value="true">✓</option>
            <option value="false">✗</option>
          </select>
        ) : (
          <input
            aria-label={t('automation.editor.value')}
            value={text}
            placeholder={LIST_OPS.has(condition.op) ? t('automation.editor.listHint') : ''}
            onChange={(e) => set({}, e.target.value)}
          />
        ))}
      <button type="button" className="btn btn-small btn-quiet" onClick={onRemove}>
        {t('automation.editor.remove')}
      </button>
    </div>
  );
}
