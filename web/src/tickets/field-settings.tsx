import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ConfirmButton, ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { keyFrom } from './category-settings.tsx';
import { fieldLabel, type TicketField } from './ticket-api.ts';

const types = ['text', 'number', 'select', 'date', 'checkbox'] as const;
const splitOptions = (text: string) =>
  text
    .split(/[,，\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

interface Draft {
  label: string;
  labelEn: string;
  type: string;
  options: string;
  required: boolean;
  customerVisible: boolean;
}

const blank: Draft = { label: '', labelEn: '', type: 'text', options: '', required: false, customerVisible: false };

function FieldForm({
  initial,
  isNew,
  onSave,
  onCancel,
}: {
  initial: Draft;
  isNew: boolean;
  onSave: (d: Draft) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [d, setD] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    onSave(d).then(() => isNew && setD(blank), setError);
  };
  return (
    <form className="field-form" onSubmit={submit}>
      <input
        value={d.label}
        onChange={(e) => setD({ ...d, label: e.target.value })}
        placeholder={t('ticketSettings.label')}
        aria-label={t('ticketSettings.label')}
        required
        maxLength={80}
      />
      <input
        value={d.labelEn}
        onChange={(e) => setD({ ...d, labelEn: e.target.value })}
        placeholder={t('ticketSettings.labelEn')}
        aria-label={t('ticketSettings.labelEn')}
        maxLength={80}
      />
      <select value={d.type} disabled={!isNew} onChange={(e) => setD({ ...d, type: e.target.value })} aria-label={t('ticketSettings.type')}>
        {types.map((type) => (
          <option key={type} value={type}>
            {t(`ticketSettings.type.${type}` as const)}
          </option>
        ))}
      </select>
      {d.type === 'select' && (
        <input
          value={d.options}
          onChange={(e) => setD({ ...d, options: e.target.value })}
          placeholder={t('ticketSettings.options')}
          aria-label={t('ticketSettings.options')}
        />
      )}
      <label className="check-inline">
        <input type="checkbox" checked={d.required} onChange={(e) => setD({ ...d, required: e.target.checked })} /> {t('ticketSettings.required')}
      </label>
      <label className="check-inline">
        <input type="checkbox" checked={d.customerVisible} onChange={(e) => setD({ ...d, customerVisible: e.target.checked })} />{' '}
        {t('ticketSettings.customerVisible')}
      </label>
      <button type="submit" className="btn btn-small btn-primary">
        {isNew ? t('ticketSettings.addField') : t('common.save')}
      </button>
      {onCancel && (
        <button type="button" className="btn btn-small btn-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
      <ErrorNote error={error} />
    </form>
  );
}

/** Custom ticket fields: add, edit (the key and type stay), delete. */
export function FieldSettings({ fields, onChanged }: { fields: TicketField[]; onChanged: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const body = (d: Draft) => ({
    label: d.label,
    labelEn: d.labelEn.trim() || null,
    options: d.type === 'select' ? splitOptions(d.options) : [],
    required: d.required,
    customerVisible: d.customerVisible,
  });
  return (
    <section className="card form-card">
      <h2>{t('ticketSettings.fields')}</h2>
      <p className="muted small">{t('ticketSettings.fieldsHint')}</p>
      <ul className="field-list">
        {fields.map((f) =>
          editing === f.id ? (
            <li key={f.id}>
              <FieldForm
                isNew={false}
                initial={{
                  label: f.label,
                  labelEn: f.labelEn ?? '',
                  type: f.type,
                  options: f.options.join(', '),
                  required: f.required,
                  customerVisible: f.customerVisible,
                }}
                onSave={(d) =>
                  api('PATCH', `/api/v1/ticket-fields/${f.id}`, body(d)).then(() => {
                    setEditing(null);
                    onChanged();
                  })
                }
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={f.id} className="field-item">
              <span>{fieldLabel(i18n, f)}</span>
              <span className="mono muted small">{f.key}</span>
              <span className="badge">{t(`ticketSettings.type.${f.type as (typeof types)[number]}`)}</span>
              {f.required && <span className="muted small">{t('ticketSettings.required')}</span>}
              <span className="row-actions">
                <button type="button" className="btn btn-small btn-quiet" onClick={() => setEditing(f.id)}>
                  {t('ticketSettings.edit')}
                </button>
                <ConfirmButton
                  label={t('common.delete')}
                  confirmLabel={t('ticketSettings.confirmDelete')}
                  onConfirm={() => api('DELETE', `/api/v1/ticket-fields/${f.id}`).then(onChanged, setError)}
                />
              </span>
            </li>
          ),
        )}
        {fields.length === 0 && <li className="muted small">{t('ticketSettings.noFields')}</li>}
      </ul>
      <ErrorNote error={error} />
      <h3>{t('ticketSettings.newField')}</h3>
      <FieldForm
        isNew
        initial={blank}
        onSave={(d) => api('POST', '/api/v1/ticket-fields', { key: keyFrom(d.labelEn || d.label), type: d.type, ...body(d) }).then(onChanged)}
      />
    </section>
  );
}
