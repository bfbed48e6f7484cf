import type { SurveyForm, SurveyLocale } from '../modules/feedback/index.ts';
import { markup, type SafeHtml } from './html.ts';

/** The page's own words (the intro and thank-you texts come from the workspace's settings). */
const words = {
  'zh-CN': {
    title: '服务评价',
    rating: '评分（1–5 星）',
    star: (n: number) => `${n} 星`,
    comment: '您的意见（选填）',
    yes: '是',
    no: '否',
    submit: '提交评价',
    other: 'English',
    expired: '此评价链接已过期。',
    notFound: '找不到此评价，链接可能不完整。',
    answered: '此评价已提交，无法再次修改。',
    invalid: '请选择 1–5 星后再提交。',
    change: '10 分钟内可以修改评价。',
  },
  en: {
    title: 'Rate our service',
    rating: 'Rating (1–5 stars)',
    star: (n: number) => `${n} star${n === 1 ? '' : 's'}`,
    comment: 'Anything to add? (optional)',
    yes: 'Yes',
    no: 'No',
    submit: 'Send rating',
    other: '中文',
    expired: 'This survey link has expired.',
    notFound: 'No such survey: the link may be incomplete.',
    answered: 'This survey was already answered and can no longer be changed.',
    invalid: 'Choose 1 to 5 stars, then send.',
    change: 'You can change your rating within 10 minutes.',
  },
} as const;

export type SurveyPageError = 'survey_expired' | 'survey_not_found' | 'survey_answered' | 'validation_failed';

const STYLE = `.survey{max-width:560px;margin:40px auto;padding:0 16px}.survey fieldset{border:0;padding:0;margin:0 0 18px}
.stars{display:inline-flex;flex-direction:row-reverse;gap:4px}.stars input{position:absolute;opacity:0;width:1px;height:1px}
.stars label{font-size:34px;line-height:1;color:#c9ced6;cursor:pointer}.stars input:checked~label,.stars label:hover,.stars label:hover~label{color:#f5a623}
.stars input:focus-visible+label{outline:2px solid #2563eb}.survey textarea{width:100%;min-height:90px}.survey .error{color:#b91c1c}
.survey button{padding:8px 18px;border-radius:8px;border:0;background:#2563eb;color:#fff;font-size:15px}.survey .lang{float:right}`;

function page(locale: SurveyLocale, token: string, body: SafeHtml): string {
  const t = words[locale];
  const other = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return `<!doctype html>${markup`<html lang="${locale}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width,initial-scale=1" />
<meta name="robots" content="noindex" /><title>${t.title}</title><link rel="stylesheet" href="/help/_assets/help.css" /><style>${STYLE}</style></head>
<body><main class="survey"><a class="lang" href="/survey/${token}?lang=${other}">${t.other}</a><h1>${t.title}</h1>${body}</main></body></html>`.toString()}\n`;
}

/**
 * The survey as a plain HTML form (works without JavaScript): the stars are
 * radio inputs, then the extra questions and the comment box.
 */
export function renderSurveyForm(
  token: string,
  form: SurveyForm,
  locale: SurveyLocale,
  error?: SurveyPageError,
  previous?: { rating?: number; comment?: string },
): string {
  const t = words[locale];
  const stars = [5, 4, 3, 2, 1].map(
    (n) =>
      markup`<input type="radio" id="star-${n}" name="rating" value="${n}" ${previous?.rating === n ? markup`checked` : ''} required /><label for="star-${n}" title="${t.star(n)}" aria-label="${t.star(n)}">★</label>`,
  );
  const questions = form.questions.map((q) => {
    const options =
      q.kind === 'yes_no'
        ? [
            { value: 'yes', text: t.yes },
            { value: 'no', text: t.no },
          ]
        : q.options.map((o) => ({ value: o.value, text: o.label[locale] }));
    return markup`<fieldset><legend>${q.label[locale]}</legend>${options.map(
      (o) => markup`<label><input type="radio" name="q_${q.key}" value="${o.value}" ${q.required ? markup`required` : ''} /> ${o.text}</label> `,
    )}</fieldset>`;
  });
  const message = error === 'validation_failed' ? markup`<p class="error" role="alert">${t.invalid}</p>` : '';
  return page(
    locale,
    token,
    markup`<p>${form.texts[locale].intro}</p>${message}
<form method="post" action="/survey/${token}?lang=${locale}">
<fieldset><legend>${t.rating}</legend><div class="stars">${stars}</div></fieldset>
${questions}
${form.comment ? markup`<fieldset><legend><label for="comment">${t.comment}</label></legend><textarea id="comment" name="comment" maxlength="2000">${previous?.comment ?? ''}</textarea></fieldset>` : ''}
<input type="hidden" name="lang" value="${locale}" /><button type="submit">${t.submit}</button></form>`,
  );
}

/** After the answer: the workspace's thank-you text. */
export function renderSurveyThanks(token: string, form: SurveyForm, locale: SurveyLocale): string {
  return page(locale, token, markup`<p role="status">${form.texts[locale].thanks}</p><p class="muted">${words[locale].change}</p>`);
}

/** Unknown, expired or already answered: a short page in the visitor's language. */
export function renderSurveyError(token: string, code: Exclude<SurveyPageError, 'validation_failed'>, locale: SurveyLocale): string {
  const t = words[locale];
  const text = code === 'survey_expired' ? t.expired : code === 'survey_answered' ? t.answered : t.notFound;
  return page(locale, encodeURIComponent(token), markup`<p role="alert" data-code="${code}">${text}</p>`);
}
