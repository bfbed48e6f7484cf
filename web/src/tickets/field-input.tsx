import { useI18n } from '../i18n/index.tsx';
import { fieldLabel, type TicketField } from './ticket-api.ts';

/** One custom field as a typed input: text, number, select, date or checkbox. */
export function FieldInput({ field, value, onChange }: { field: TicketField; value: unknown; onChange: (value: unknown) => void }) {
  const i18n = useI18n();
  const label = fieldLabel(i18n, field) + (field.required ? ' *' : '');
  if (field.type === 'checkbox') {
    return (
      <label className="check-inline ticket-field">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        <span>{label}</span>
      </label>
    );
  }
  const text = value === undefined || value === null ? '' : String(value);
  return (
    <label className="field ticket-field">
      <span>{label}</span>
      {field.type === 'select' ? (
        <select value={text} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">—</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input
          type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
          defaultValue={text}
          onBlur={(e) => {
            const raw = e.target.value;
            const next = raw === '' ? null : field.type === 'number' ? Number(raw) : raw;
            if (next !== (value ?? null)) onChange(next);
          }}
        />
      )}
    </label>
  );
}
