import { Fragment, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { NameField, SlaEditorDialog } from './editor-dialog.tsx';
import { weekdays, type BusinessCalendar, type CalendarDay, type Weekday } from './types.ts';

const office = '09:00-12:00, 13:00-18:00';
const showHours = (list: { start: string; end: string }[] | undefined) => (list ?? []).map((i) => `${i.start}-${i.end}`).join(', ');
const parseHours = (text: string) =>
  text
    .split(/[,，;\s]+/)
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split(/[-–~]/);
      return { start: start.trim(), end: end.trim() };
    });
const showDays = (days: CalendarDay[]) => days.map((d) => `${d.date} ${d.name}`).join('\n');
const parseDays = (text: string): CalendarDay[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [date = '', ...rest] = line.split(/\s+/);
      return { date, name: rest.join(' ') || date };
    });

/** Expand "from … to" into one line per date (the "add a range" helper, done in the form before saving). */
function expandRange(from: string, to: string, name: string): string {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`) && out.length < 366; d += 86_400_000)
    out.push(`${new Date(d).toISOString().slice(0, 10)} ${name}`);
  return out.join('\n');
}

/** Create or edit a business calendar: time zone, hours per weekday, holidays and make-up working days (补班). */
export function CalendarEditor({ calendar, onClose, onSaved }: { calendar: BusinessCalendar | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(calendar?.name ?? '');
  const [timezone, setTimezone] = useState(calendar?.timezone ?? 'Asia/Shanghai');
  const [hours, setHours] = useState<Record<Weekday, string>>(
    () =>
      Object.fromEntries(weekdays.map((d, i) => [d, calendar ? showHours(calendar.weeklyHours[d]) : i < 5 ? office : ''])) as Record<Weekday, string>,
  );
  const [holidays, setHolidays] = useState(showDays(calendar?.holidays ?? []));
  const [workdays, setWorkdays] = useState(showDays(calendar?.workdays ?? []));
  const [range, setRange] = useState({ from: '', to: '', name: '' });

  const addRange = () => {
    if (!range.from || !range.to || !range.name.trim()) return;
    setHolidays((h) => [h.trim(), expandRange(range.from, range.to, range.name.trim())].filter(Boolean).join('\n'));
    setRange({ from: '', to: '', name: '' });
  };
  const body = () => ({
    name: name.trim(),
    timezone: timezone.trim(),
    weeklyHours: Object.fromEntries(weekdays.map((d) => [d, parseHours(hours[d])])),
    holidays: parseDays(holidays),
    workdays: parseDays(workdays),
  });
  return (
    <SlaEditorDialog
      title={calendar ? t('sla.calendar.edit') : t('sla.calendar.new')}
      collection="/api/v1/sla/calendars"
      id={calendar?.id}
      body={body}
      onSaved={onSaved}
      onClose={onClose}
    >
      <div className="field-row">
        <NameField value={name} onChange={setName} />
        <label className="field">
          <span>{t('sla.calendar.timezone')}</span>
          <input required value={timezone} onChange={(e) => setTimezone(e.target.value)} placeholder="Asia/Shanghai" />
        </label>
      </div>
      <div className="sla-hours">
        {weekdays.map((d) => (
          <Fragment key={d}>
            <label htmlFor={`sla-hours-${d}`}>{t(`sla.day.${d}`)}</label>
            <input
              id={`sla-hours-${d}`}
              value={hours[d]}
              onChange={(e) => setHours((h) => ({ ...h, [d]: e.target.value }))}
              placeholder={t('sla.calendar.closed')}
            />
          </Fragment>
        ))}
      </div>
      <small className="muted">{t('sla.calendar.hoursHint')}</small>
      <label className="field">
        <span>{t('sla.calendar.holidays')}</span>
        <textarea className="sla-days" value={holidays} onChange={(e) => setHolidays(e.target.value)} placeholder="2025-10-01 国庆节" />
      </label>
      <div className="field-row">
        <input
          type="date"
          aria-label={t('sla.calendar.rangeFrom')}
          value={range.from}
          onChange={(e) => setRange({ ...range, from: e.target.value })}
        />
        <input type="date" aria-label={t('sla.calendar.rangeTo')} value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        <input
          aria-label={t('sla.calendar.rangeName')}
          placeholder={t('sla.calendar.rangeName')}
          value={range.name}
          onChange={(e) => setRange({ ...range, name: e.target.value })}
        />
        <button type="button" className="btn" onClick={addRange}>
          {t('sla.calendar.addRange')}
        </button>
      </div>
      <label className="field">
        <span>{t('sla.calendar.workdays')}</span>
        <textarea className="sla-days" value={workdays} onChange={(e) => setWorkdays(e.target.value)} placeholder="2025-09-28 国庆节补班" />
      </label>
      <small className="muted">{t('sla.calendar.officialHint')}</small>
    </SlaEditorDialog>
  );
}
