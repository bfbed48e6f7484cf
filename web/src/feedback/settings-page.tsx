import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ErrorNote, Loading, PageHeader, useLoad } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { channelKinds, getSurveySettings, saveSurveySettings, type DeliveryMode, type SurveyQuestion, type SurveySettings } from './feedback-api.ts';
import './feedback.css';

const modes: readonly DeliveryMode[] = ['inline', 'link', 'off'];
const locales = ['zh-CN', 'en'] as const;

/** Options as lines `value | 中文 | English`, the way the form edits them. */
const optionsText = (q: SurveyQuestion) => q.options.map((o) => `${o.value} | ${o.label['zh-CN']} | ${o.label.en}`).join('\n');
const parseOptions = (text: string): SurveyQuestion['options'] =>
  text
    .split('\n')
    .map((line) => line.split('|').map((p) => p.trim()))
    .filter((p) => p[0])
    .map(([value, zh, en]) => ({ value: value!, label: { 'zh-CN': zh || value!, en: en || zh || value! } }));

function QuestionEditor({ q, onChange, onRemove }: { q: SurveyQuestion; onChange: (q: SurveyQuestion) => void; onRemove: () => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState(optionsText(q));
  return (
    <div className="survey-question">
      <div className="field-row">
        <label className="field">
          <span>{t('surveySettings.question.key')}</span>
          <input value={q.key} pattern="[a-z][a-z0-9_]{0,39}" required onChange={(e) => onChange({ ...q, key: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('surveySettings.question.kind')}</span>
          <select value={q.kind} onChange={(e) => onChange({ ...q, kind: e.target.value as SurveyQuestion['kind'] })}>
            <option value="yes_no">{t('surveySettings.question.yes_no')}</option>
            <option value="choice">{t('surveySettings.question.choice')}</option>
          </select>
        </label>
        <label className="check-inline">
          <input type="checkbox" checked={q.required} onChange={(e) => onChange({ ...q, required: e.target.checked })} />
          {t('surveySettings.question.required')}
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span>{t('surveySettings.question.labelZh')}</span>
          <input
            value={q.label['zh-CN']}
            required
            maxLength={200}
            onChange={(e) => onChange({ ...q, label: { ...q.label, 'zh-CN': e.target.value } })}
          />
        </label>
        <label className="field">
          <span>{t('surveySettings.question.labelEn')}</span>
          <input value={q.label.en} required maxLength={200} onChange={(e) => onChange({ ...q, label: { ...q.label, en: e.target.value } })} />
        </label>
      </div>
      {q.kind === 'choice' && (
        <label className="field">
          <span>{t('surveySettings.question.options')}</span>
          <textarea
            rows={3}
            value={options}
            onChange={(e) => {
              setOptions(e.target.value);
              onChange({ ...q, options: parseOptions(e.target.value) });
            }}
          />
        </label>
      )}
      <button type="button" className="btn btn-small btn-quiet" onClick={onRemove}>
        {t('surveySettings.question.remove')}
      </button>
    </div>
  );
}

/** /feedback/settings: how and whether customers are asked to rate, and when a rating becomes a follow-up task. */
export function SurveySettingsPage() {
  const { t } = useI18n();
  const load = useCallback(() => getSurveySettings(), []);
  const { data, error } = useLoad(load);
  const [draft, setDraft] = useState<SurveySettings | null>(null);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  useEffect(() => {
    if (data) setDraft(data);
  }, [data]);
  if (!draft) return error ? <ErrorNote error={error} /> : <Loading />;
  const set = (patch: Partial<SurveySettings>) => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  const number = (key: 'delayMinutes' | 'expiryDays' | 'followUpThreshold' | 'followUpDueHours', min: number, max: number) => (
    <input type="number" min={min} max={max} value={draft[key]} required onChange={(e) => set({ [key]: Number(e.target.value) })} />
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaveError(null);
    try {
      setDraft(await saveSurveySettings(draft));
      setSaved(true);
    } catch (err) {
      setSaveError(err);
    }
  };
  return (
    <>
      <PageHeader title={t('surveySettings.title')} description={t('surveySettings.description')} />
      <form className="card form survey-settings" onSubmit={(e) => void submit(e)}>
        <label className="check-inline">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          {t('surveySettings.enabled')}
        </label>
        <div className="field-row">
          <label className="field">
            <span>{t('surveySettings.subjects')}</span>
            <select value={draft.subjects} onChange={(e) => set({ subjects: e.target.value as SurveySettings['subjects'] })}>
              {(['both', 'conversations', 'tickets'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`surveySettings.subjects.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="check-inline">
            <input type="checkbox" checked={draft.commentEnabled} onChange={(e) => set({ commentEnabled: e.target.checked })} />
            {t('surveySettings.comment')}
          </label>
        </div>
        <h3>{t('surveySettings.texts')}</h3>
        {locales.map((locale) => (
          <div className="field-row" key={locale}>
            {(['intro', 'thanks'] as const).map((key) => (
              <label className="field" key={key}>
                <span>{t(`surveySettings.${key}`, { locale })}</span>
                <input
                  value={draft.texts[locale][key]}
                  required
                  maxLength={500}
                  onChange={(e) => set({ texts: { ...draft.texts, [locale]: { ...draft.texts[locale], [key]: e.target.value } } })}
                />
              </label>
            ))}
          </div>
        ))}
        <h3>{t('surveySettings.delivery')}</h3>
        <div className="field-row">
          {channelKinds.map((kind) => (
            <label className="field" key={kind}>
              <span>{kind}</span>
              <select value={draft.delivery[kind]} onChange={(e) => set({ delivery: { ...draft.delivery, [kind]: e.target.value as DeliveryMode } })}>
                {modes.map((m) => (
                  <option key={m} value={m}>
                    {t(`surveySettings.mode.${m}`)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        <div className="field-row">
          <label className="field">
            <span>{t('surveySettings.delay')}</span>
            {number('delayMinutes', 0, 10080)}
          </label>
          <label className="field">
            <span>{t('surveySettings.expiry')}</span>
            {number('expiryDays', 1, 90)}
          </label>
          <label className="field">
            <span>{t('surveySettings.threshold')}</span>
            {number('followUpThreshold', 0, 5)}
          </label>
          <label className="field">
            <span>{t('surveySettings.due')}</span>
            {number('followUpDueHours', 1, 720)}
          </label>
        </div>
        <h3>{t('surveySettings.questions')}</h3>
        {draft.questions.map((q, i) => (
          <QuestionEditor
            key={i}
            q={q}
            onChange={(next) => set({ questions: draft.questions.map((old, j) => (j === i ? next : old)) })}
            onRemove={() => set({ questions: draft.questions.filter((_, j) => j !== i) })}
          />
        ))}
        {draft.questions.length < 5 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() =>
              set({
                questions: [
                  ...draft.questions,
                  { key: `q${draft.questions.length + 1}`, kind: 'yes_no', label: { 'zh-CN': '', en: '' }, options: [], required: false },
                ],
              })
            }
          >
            {t('surveySettings.question.add')}
          </button>
        )}
        <ErrorNote error={saveError} />
        {saved && (
          <div className="note note-good" role="status">
            {t('surveySettings.saved')}
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t('surveySettings.save')}
          </button>
        </div>
      </form>
    </>
  );
}
