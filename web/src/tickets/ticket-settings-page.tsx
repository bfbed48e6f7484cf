import { PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { CategorySettings } from './category-settings.tsx';
import { FieldSettings } from './field-settings.tsx';
import { useTicketConfig } from './ticket-bits.tsx';
import './tickets.css';

/** /ticket-settings (permission tickets.configure): the category tree with dispatch rules, and custom fields. */
export function TicketSettingsPage() {
  const { t } = useI18n();
  const { categories, fields, reload } = useTicketConfig();
  return (
    <>
      <PageHeader title={t('ticketSettings.title')} description={t('ticketSettings.description')} />
      <CategorySettings categories={categories} onChanged={reload} />
      <FieldSettings fields={fields} onChanged={reload} />
    </>
  );
}
