/**
 * The satisfaction survey inside the chat: when a resolved conversation's
 * message carries a survey, the bubble gets 1–5 stars, the extra questions
 * and a comment box, posted to Kefu's public survey endpoint with the
 * message's token (docs/feedback.md).
 */
import type { Locale, Words } from './i18n.ts';

interface Bilingual {
  'zh-CN': string;
  en: string;
}

/** What the survey message carries (`contentAttributes.survey`). */
export interface WidgetSurvey {
  token: string;
  comment: boolean;
  questions: { key: string; kind: 'yes_no' | 'choice'; label: Bilingual; options: { value: string; label: Bilingual }[]; required: boolean }[];
  texts: Record<Locale, { intro: string; thanks: string }>;
}

export interface SurveyAnswer {
  rating: number;
  comment: string;
  answers: Record<string, string>;
}

/** How the panel talks to Kefu for a survey: its state (answered? expired?) and the answer. */
export interface SurveyApi {
  state(token: string): Promise<'open' | 'answered' | 'expired' | 'unknown'>;
  answer(token: string, answer: SurveyAnswer): Promise<'ok' | 'answered' | 'expired' | 'failed'>;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** A row of choice buttons (stars, yes/no, options) that behaves like a radio group. */
function choices(
  label: string,
  options: { value: string; text: string; title?: string }[],
  className: string,
  onPick: (value: string) => void,
): HTMLElement {
  const group = el('div', { class: className, role: 'radiogroup', 'aria-label': label });
  const buttons = options.map((o) => {
    const button = el(
      'button',
      {
        type: 'button',
        role: 'radio',
        'aria-checked': 'false',
        'data-value': o.value,
        ...(o.title ? { title: o.title, 'aria-label': o.title } : {}),
      },
      o.text,
    );
    button.onclick = () => {
      for (const b of buttons)
        b.setAttribute('aria-checked', String(b === button || (className === 'stars' && Number(b.dataset.value) <= Number(o.value))));
      onPick(o.value);
    };
    return button;
  });
  group.append(...buttons);
  return group;
}

/** The survey form for one message; replaced by the thank-you text once answered. */
export function surveyForm(survey: WidgetSurvey, locale: Locale, t: Words, api: SurveyApi): HTMLElement {
  const box = el('form', { class: 'survey', 'data-token': survey.token });
  const answer: SurveyAnswer = { rating: 0, comment: '', answers: {} };
  const note = el('div', { class: 'survey-note', role: 'status' });
  const done = (text: string) => box.replaceChildren(el('div', { class: 'survey-done', role: 'status' }, text));
  const stars = choices(
    t.surveyRating,
    [1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: '★', title: t.surveyStars.replace('{n}', String(n)) })),
    'stars',
    (v) => (answer.rating = Number(v)),
  );
  box.append(stars);
  for (const q of survey.questions) {
    const options =
      q.kind === 'yes_no'
        ? [
            { value: 'yes', text: t.surveyYes },
            { value: 'no', text: t.surveyNo },
          ]
        : q.options.map((o) => ({ value: o.value, text: o.label[locale] }));
    box.append(
      el('div', { class: 'survey-q' }, q.label[locale]),
      choices(q.label[locale], options, 'survey-choices', (v) => (answer.answers[q.key] = v)),
    );
  }
  const comment = el('textarea', { maxlength: '2000', rows: '2', placeholder: t.surveyComment, 'aria-label': t.surveyComment });
  if (survey.comment) box.append(comment);
  const send = el('button', { type: 'submit', class: 'send' }, t.surveySend);
  box.append(note, send);
  box.onsubmit = async (event) => {
    event.preventDefault();
    if (!answer.rating) return void (note.textContent = t.surveyPick);
    send.disabled = true;
    const result = await api.answer(survey.token, { ...answer, comment: comment.value.trim() });
    send.disabled = false;
    if (result === 'ok') done(survey.texts[locale].thanks);
    else note.textContent = result === 'expired' ? t.surveyExpired : result === 'answered' ? t.surveyAnswered : t.surveyFailed;
  };
  void api.state(survey.token).then((state) => {
    if (state === 'answered') done(survey.texts[locale].thanks);
    else if (state === 'expired') done(t.surveyExpired);
  });
  return box;
}
