import { errorCatalogue } from './errors.ts';

/** docs/errors.md, rendered from the error catalogue so the two never drift. */
export function renderErrorsDoc(): string {
  const rows = Object.entries(errorCatalogue)
    .sort(([, a], [, b]) => a.status - b.status)
    .map(([code, { status, message }]) => `| \`${code}\` | ${status} | ${message} |`);
  return [
    '# Errors',
    '',
    'Every error response from the Kefu API has the same shape and a stable `code`:',
    '',
    '```json',
    '{ "error": { "code": "validation_failed", "message": "…", "requestId": "req_…", "details": [ … ] } }',
    '```',
    '',
    '`requestId` is also sent as the `x-request-id` header and appears in every server log line for',
    'that request. Send your own `x-request-id` (1–64 characters of `A-Za-z0-9._:-`) to correlate.',
    '`details` is present for `validation_failed` (a list of `{in, path, message}`) and never holds',
    'secrets. Clients should switch on `code`, never on `message`.',
    '',
    'This table is generated from `server/lib/errors.ts` by `npm run docs:errors`; a test fails when',
    'they differ.',
    '',
    '| code | HTTP status | message |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
