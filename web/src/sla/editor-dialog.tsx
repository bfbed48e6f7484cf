import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api.ts';
import { FormActions, Modal, ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';

/**
 * An SLA editor dialog (calendar, policy) around its form: on submit it saves `body()` to `collection`
 * (PATCH the item when editing `id`, POST when new), then reports `onSaved` and closes;
 * a failure stays open with the error above Cancel / Save.
 */
export function SlaEditorDialog({
  title,
  collection,
  id,
  body,
  onSaved,
  onClose,
  children,
}: {
  title: string;
  /** The API path of the items, e.g. `/api/v1/sla/calendars`. */
  collection: string;
  id: string | undefined;
  body: () => unknown;
  onSaved: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (id) await api('PATCH', `${collection}/${encodeURIComponent(id)}`, body());
      else await api('POST', collection, body());
      onSaved();
      onClose();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <Modal title={title} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        {children}
        <ErrorNote error={error} />
        <FormActions onCancel={onClose} disabled={busy} submitLabel={t('common.save')} />
      </form>
    </Modal>
  );
}

/** The editor's required "Name" field. */
export function NameField({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span>{t('sla.name')}</span>
      <input required maxLength={120} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
