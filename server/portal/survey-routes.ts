import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RateLimiter } from '../channels/widget/rate-limit.ts';
import type { AppContext } from '../context.ts';
import { answerSurvey } from '../flows/survey-answer.ts';
import { AppError, appError } from '../lib/errors.ts';
import { errorResponses, type KefuApp } from '../lib/http.ts';
import { feedbackPolicy, openSurvey, surveyAnswerBody, surveyLocales, type SurveyLocale } from '../modules/feedback/index.ts';
import { sendPage } from './respond.ts';
import { renderSurveyError, renderSurveyForm, renderSurveyThanks, type SurveyPageError } from './survey-page.ts';

/** Per visitor address: enough for a person, not for guessing tokens. */
const SURVEY_LIMIT = { burst: 40, perMinute: 60 };
const params = z.object({ token: z.string().max(64) });
const pageQuery = z.object({ lang: z.string().max(10).optional(), done: z.literal('1').optional() });
/** The page's form posts strings: `rating`, `comment`, `lang` and `q_<key>` per extra question. */
const formBody = z.record(z.string().max(40), z.string().max(4000));

function pickLocale(req: FastifyRequest, lang?: string): SurveyLocale {
  if (lang && (surveyLocales as readonly string[]).includes(lang)) return lang as SurveyLocale;
  const accept = String(req.headers['accept-language'] ?? '');
  return /^\s*en\b/i.test(accept) ? 'en' : 'zh-CN';
}

function sendError(reply: FastifyReply, token: string, err: unknown, locale: SurveyLocale): FastifyReply {
  if (!(err instanceof AppError) || !['survey_expired', 'survey_not_found', 'survey_answered'].includes(err.code)) throw err;
  return sendPage(reply, err.status, renderSurveyError(token, err.code as Exclude<SurveyPageError, 'validation_failed'>, locale), 'no-store');
}

/**
 * The customer's side of the satisfaction survey, public (the token is the
 * capability): the bilingual page at /survey/<token> with a plain form that
 * works without JavaScript, and the JSON endpoints the widget uses.
 */
export function registerSurveyRoutes(app: KefuApp, ctx: AppContext): void {
  const limiter = new RateLimiter();
  const limit = (req: FastifyRequest) => {
    if (!limiter.take(`survey:${req.ip}`, SURVEY_LIMIT)) throw appError('rate_limited');
  };
  setInterval(() => limiter.sweep(), 10 * 60_000).unref();
  registerSurveyPage(app, ctx, limit);
  registerSurveyApi(app, ctx, limit);
}

type Limit = (req: FastifyRequest) => void;

/** GET and POST /survey/<token>: the page and its form (HTML errors as pages with the same status codes). */
function registerSurveyPage(app: KefuApp, ctx: AppContext, limit: Limit): void {
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    scoped.get('/survey/:token', {
      config: { access: feedbackPolicy.answer },
      schema: { hide: true, params, querystring: pageQuery },
      handler: async (req, reply) => {
        limit(req);
        const locale = pickLocale(req, req.query.lang);
        try {
          const request = await openSurvey(ctx.db, req.params.token);
          const html =
            req.query.done && request.answeredAt
              ? renderSurveyThanks(req.params.token, request.form, locale)
              : renderSurveyForm(req.params.token, request.form, locale);
          return sendPage(reply, 200, html, 'no-store');
        } catch (err) {
          return sendError(reply, req.params.token, err, locale);
        }
      },
    });

    scoped.post('/survey/:token', {
      config: { access: feedbackPolicy.answer },
      schema: { hide: true, params, querystring: pageQuery, body: formBody },
      handler: async (req, reply) => {
        limit(req);
        const { token } = req.params;
        const locale = pickLocale(req, req.body.lang ?? req.query.lang);
        const answers = Object.fromEntries(Object.entries(req.body).flatMap(([k, v]) => (k.startsWith('q_') ? [[k.slice(2), v]] : [])));
        const parsed = surveyAnswerBody.safeParse({ rating: req.body.rating, comment: req.body.comment ?? '', answers });
        try {
          const request = await openSurvey(ctx.db, token);
          if (!parsed.success)
            return sendPage(
              reply,
              400,
              renderSurveyForm(token, request.form, locale, 'validation_failed', { comment: req.body.comment }),
              'no-store',
            );
          await answerSurvey(ctx, token, parsed.data);
          return reply.code(303).header('location', `/survey/${token}?lang=${locale}&done=1`).send();
        } catch (err) {
          if (err instanceof AppError && err.code === 'validation_failed') {
            const request = await openSurvey(ctx.db, token);
            return sendPage(reply, 400, renderSurveyForm(token, request.form, locale, 'validation_failed'), 'no-store');
          }
          return sendError(reply, token, err, locale);
        }
      },
    });
  });
}

/** The JSON endpoints the widget posts to from the customer's site: any origin may call them (the token is the capability). */
function registerSurveyApi(app: KefuApp, ctx: AppContext, limit: Limit): void {
  void app.register(async (plugin) => {
    const api = plugin.withTypeProvider<ZodTypeProvider>();
    api.addHook('onSend', async (_req, reply) => {
      reply.header('access-control-allow-origin', '*');
    });
    api.options('/api/v1/public/surveys/:token', { config: { access: feedbackPolicy.answer }, schema: { hide: true } }, async (_req, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '86400')
        .send(),
    );

    api.get('/api/v1/public/surveys/:token', {
      config: { access: feedbackPolicy.answer },
      schema: {
        tags: ['feedback'],
        summary: 'A survey’s questions and texts (public: the token is the capability)',
        security: [],
        params,
        response: {
          200: z.object({ comment: z.boolean(), questions: z.array(z.unknown()), texts: z.unknown(), expiresAt: z.string(), answered: z.boolean() }),
          ...errorResponses,
          410: errorResponses[404],
        },
      },
      handler: async (req) => {
        limit(req);
        const request = await openSurvey(ctx.db, req.params.token);
        return { ...request.form, expiresAt: request.expiresAt.toISOString(), answered: request.answeredAt !== null };
      },
    });

    api.post('/api/v1/public/surveys/:token', {
      config: { access: feedbackPolicy.answer },
      schema: {
        tags: ['feedback'],
        summary: 'Answer a survey: 1–5 stars, a comment, the extra questions (again within 10 minutes replaces the answer)',
        security: [],
        params,
        body: surveyAnswerBody,
        response: {
          200: z.object({ recorded: z.literal(true), rating: z.number().int(), thanks: z.record(z.string(), z.string()) }),
          ...errorResponses,
          410: errorResponses[404],
          429: errorResponses[404],
        },
      },
      handler: async (req) => {
        limit(req);
        const { response, request } = await answerSurvey(ctx, req.params.token, req.body);
        return {
          recorded: true as const,
          rating: response.rating,
          thanks: { 'zh-CN': request.form.texts['zh-CN'].thanks, en: request.form.texts.en.thanks },
        };
      },
    });
  });
}
