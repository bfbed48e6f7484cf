import { useState, type FormEvent } from 'react';
import type { Locale } from '../api.ts';
import { ConfirmButton, ErrorNote } from '../components/ui.tsx';
import { locales, useI18n } from '../i18n/index.tsx';
import { faqApi, faqStatuses, type Faq, type FaqFields, type FaqStatus } from './faq-api.ts';
import { MarkdownLite } from './faq-markdown.tsx';

/** `2026-11-21T18:00` in the browser's zone, as <input type="datetime-local"> wants it. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);
const lines = (text: string) => [
  ...new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  ),
];
const words = (text: string) => [
  ...new Set(
    text
      .split(/[,，]/)
      .map((w) => w.trim())
      .filter(Boolean),
  ),
];

interface Draft {
  locale: Locale;
  question: string;
  similar: string;
  answer: string;
  shortAnswer: string;
  category: string[];
  tags: string;
  status: FaqStatus;
  validFrom: string;
  validUntil: string;
  note: string;
}

function draftOf(faq: Faq | null, locale: Locale): Draft {
  return {
    locale: faq?.locale ?? locale,
    question: faq?.question ?? '',
    similar: faq?.similar.join('\n') ?? '',
    answer: faq?.answer ?? '',
    shortAnswer: faq?.shortAnswer ?? '',
    category: [...(faq?.category ?? []), '', '', ''].slice(0, 3),
    tags: faq?.tags.join(', ') ?? '',
    status: faq?.status ?? 'draft',
    validFrom: toLocalInput(faq?.validFrom ?? null),
    validUntil: toLocalInput(faq?.validUntil ?? null),
    note: '',
  };
}

function fieldsOf(d: Draft): FaqFields {
  return {
    question: d.question.trim(),
    similar: lines(d.similar),
    answer: d.answer.trim(),
    shortAnswer: d.shortAnswer.trim() || null,
    category: d.category.map((c) => c.trim()).filter(Boolean),
    tags: words(d.tags),
    status: d.status,
    validFrom: fromLocalInput(d.validFrom),
    validUntil: fromLocalInput(d.validUntil),
  };
}

/** Question, similar questions, answers (full and short), category, tags, validity, status. Read-only without knowledge.manage. */
export function FaqEditor({
  faq,
  locale,
  canManage,
  onSaved,
  onDeleted,
}: {
  faq: Faq | null;
  locale: Locale;
  canManage: boolean;
  onSaved: (faq: Faq) => void;
  onDeleted?: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(() => draftOf(faq, locale));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const fields = fieldsOf(draft);
      const saved = faq
        ? await faqApi.update(faq.id, { ...fields, expectedVersion: faq.version, ...(draft.note.trim() ? { note: draft.note.trim() } : {}) })
        : await faqApi.create({ ...fields, locale: draft.locale });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = () => faq && faqApi.remove(faq.id).then(() => onDeleted?.(), setError);

  return (
    <form className="form kb-editor" onSubmit={(e) => void submit(e)}>
      <fieldset disabled={!canManage || busy} className="kb-fields">
        {!faq && (
          <label className="field">
            <span>{t('kb.field.locale')}</span>
            <select value={draft.locale} onChange={(e) => set('locale', e.target.value as Locale)}>
              {locales.map((l) => (
                <option key={l} value={l}>
                  {t(`lang.${l}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>{t('kb.field.question')}</span>
          <input required maxLength={300} value={draft.question} onChange={(e) => set('question', e.target.value)} />
        </label>
        <label className="field">
          <span>{t('kb.field.similar')}</span>
          <textarea rows={3} value={draft.similar} onChange={(e) => set('similar', e.target.value)} placeholder={t('kb.similarHint')} />
        </label>
        <div className="kb-answer">
          <label className="field">
            <span>{t('kb.field.answer')}</span>
            <textarea required rows={6} maxLength={20_000} value={draft.answer} onChange={(e) => set('answer', e.target.value)} />
            <small className="muted">{t('kb.answerHint')}</small>
          </label>
          <div className="kb-preview" aria-label={t('kb.preview')}>
            <span className="muted small">{t('kb.preview')}</span>
            <MarkdownLite text={draft.answer} />
          </div>
        </div>
        <label className="field">
          <span>{t('kb.field.shortAnswer')}</span>
          <textarea rows={2} maxLength={500} value={draft.shortAnswer} onChange={(e) => set('shortAnswer', e.target.value)} />
          <small className="muted">{t('kb.shortHint', { n: draft.shortAnswer.trim().length })}</small>
        </label>
        <div className="field-row kb-category">
          {draft.category.map((value, i) => (
            <label key={i} className="field">
              <span>{t('kb.level', { n: i + 1 })}</span>
              <input
                maxLength={60}
                value={value}
                onChange={(e) =>
                  set(
                    'category',
                    draft.category.map((c, j) => (j === i ? e.target.value : c)),
                  )
                }
              />
            </label>
          ))}
        </div>
        <label className="field">
          <span>{t('kb.field.tags')}</span>
          <input value={draft.tags} onChange={(e) => set('tags', e.target.value)} placeholder={t('kb.tagsHint')} />
        </label>
        <div className="field-row">
          <label className="field">
            <span>{t('kb.field.validFrom')}</span>
            <input type="datetime-local" value={draft.validFrom} onChange={(e) => set('validFrom', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('kb.field.validUntil')}</span>
            <input type="datetime-local" value={draft.validUntil} onChange={(e) => set('validUntil', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('kb.field.status')}</span>
            <select value={draft.status} onChange={(e) => set('status', e.target.value as FaqStatus)}>
              {faqStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`kb.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {faq && (
          <label className="field">
            <span>{t('kb.field.note')}</span>
            <input maxLength={200} value={draft.note} onChange={(e) => set('note', e.target.value)} placeholder={t('kb.noteHint')} />
          </label>
        )}
      </fieldset>
      <ErrorNote error={error} />
      {canManage && (
        <div className="form-actions">
          {faq && <ConfirmButton label={t('common.delete')} confirmLabel={t('kb.confirmDelete')} onConfirm={() => void remove()} />}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {faq ? t('common.save') : t('kb.create')}
          </button>
        </div>
      )}
    </form>
  );
}
