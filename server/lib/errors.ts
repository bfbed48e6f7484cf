/**
 * The one error catalogue. Each entry is a stable `code` clients may switch on,
 * its HTTP status, and a message that is safe to show anyone. `docs/errors.md`
 * is generated from this table (`npm run docs:errors`) and a test keeps the
 * two in step.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, message: 'The request does not match the schema; see details.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  bad_request: { status: 400, message: 'The request could not be understood.' },
  erase_confirmation_mismatch: {
    status: 400,
    message: 'Type the confirmation exactly as asked (ERASE followed by the contact id) to erase this contact.',
  },
  invalid_xml: {
    status: 400,
    message: 'The request body is not well-formed XML of the expected shape; DOCTYPE and entity declarations are refused.',
  },
  relation_not_allowed: {
    status: 400,
    message: 'This relation type cannot join entities of these types (e.g. solved_by goes from a fault to a solution); see the graph catalogue.',
  },
  category_too_deep: { status: 400, message: 'Categories have at most three levels; the move would make some paths deeper.' },
  import_unreadable: {
    status: 400,
    message:
      'The file could not be read as a FAQ table (empty, broken CSV quoting, unreadable XLSX, or the question/answer/locale columns are missing); see details.',
  },
  pii_pattern_invalid: {
    status: 400,
    message:
      'A custom personal-information pattern is refused (not a valid regular expression, matches empty text, nested quantifiers or back-references); see details.',
  },
  workspace_required: { status: 400, message: 'This email belongs to more than one workspace; name the workspace.' },
  current_password_incorrect: { status: 400, message: 'The current password is not correct.' },
  invitation_invalid: { status: 400, message: 'The invitation is unknown, used, revoked or expired.' },
  unauthenticated: { status: 401, message: 'Sign in, or send a valid API key as a Bearer token.' },
  visitor_token_invalid: { status: 401, message: 'The visitor token is missing or not valid for this inbox; start a new chat session.' },
  token_expired: { status: 401, message: 'The session or API key has expired; sign in again or use a current key.' },
  two_factor_invalid: { status: 401, message: 'The code is not correct, was already used, or has expired; enter the current code from your app.' },
  challenge_invalid: { status: 401, message: 'This sign-in step has expired or was used up; sign in with your password again.' },
  invalid_credentials: { status: 401, message: 'The email or password is not correct.' },
  signature_missing: { status: 401, message: 'Sign the request: send X-Kefu-Signature and X-Kefu-Timestamp.' },
  signature_stale: { status: 401, message: 'X-Kefu-Timestamp is not Unix seconds within 5 minutes of the server clock.' },
  signature_invalid: { status: 401, message: 'X-Kefu-Signature does not match the request signed with the inbox secret.' },
  wechat_signature_invalid: {
    status: 401,
    message: 'The WeChat signature (signature or msg_signature) does not match the inbox token, or the message was not encrypted for this account.',
  },
  wechat_timestamp_stale: {
    status: 401,
    message: 'The WeChat timestamp is not within 5 minutes of the server clock; replayed requests are refused.',
  },
  forbidden: { status: 403, message: 'Your role does not allow this action.' },
  origin_not_allowed: { status: 403, message: 'This website is not allowed to embed this chat widget.' },
  user_disabled: { status: 403, message: 'This account is disabled.' },
  csrf_invalid: { status: 403, message: 'The form is out of date or was sent from another site; reload the page and send it again.' },
  not_found: { status: 404, message: 'No such object in this workspace.' },
  route_not_found: { status: 404, message: 'No such endpoint.' },
  survey_not_found: { status: 404, message: 'No such survey: the link is wrong or incomplete.' },
  email_taken: { status: 409, message: 'A user or pending invitation with this email already exists.' },
  role_key_taken: { status: 409, message: 'A role with this key already exists.' },
  shortcut_taken: {
    status: 409,
    message: 'A canned response with this shortcut already exists in the same scope (the workspace’s, or your personal ones).',
  },
  slug_taken: { status: 409, message: 'An article with this slug already exists in this locale; choose another slug.' },
  import_invalid: { status: 400, message: 'Some files of the import are not valid; nothing was imported. See details for each file.' },
  relation_exists: { status: 409, message: 'The same relation between these two entities already exists.' },
  role_in_use: { status: 409, message: 'The role is still given to users or API keys.' },
  builtin_role: { status: 409, message: 'Built-in roles cannot be changed or deleted.' },
  last_admin: { status: 409, message: 'The workspace must keep at least one active admin.' },
  inbox_setting_taken: { status: 409, message: 'Another inbox already routes traffic by this setting (e.g. the same email address).' },
  already_assigned: { status: 409, message: 'Someone else has this conversation already; ask them or a supervisor to transfer it.' },
  faq_version_conflict: {
    status: 409,
    message: 'The FAQ item was changed by someone else since you loaded it (its version moved on); reload it and apply your edit again.',
  },
  translation_exists: { status: 409, message: 'This FAQ item already has a translation in that locale.' },
  conflict: { status: 409, message: 'Another change to the same data happened at the same moment; retry.' },
  ticket_field_taken: { status: 409, message: 'A ticket field with this key exists already; pick another key.' },
  ticket_closed: {
    status: 409,
    message: 'The ticket is closed; open a new ticket (a closed ticket takes no replies or changes but reopening by staff).',
  },
  ticket_merge_invalid: {
    status: 409,
    message:
      "These tickets cannot be merged: a ticket cannot be merged into itself, into another workspace's ticket, or when either is already merged.",
  },
  ticket_reopen_expired: {
    status: 409,
    message: 'This ticket was resolved too long ago to be reopened by the customer; submit a new ticket instead.',
  },
  gap_suggestion_decided: { status: 409, message: 'This suggestion was already accepted or rejected.' },
  survey_answered: { status: 409, message: 'This survey was already answered; an answer can be changed only within 10 minutes.' },
  export_not_ready: { status: 409, message: 'This export is not finished yet (or failed); wait for status ready.' },
  export_expired: { status: 410, message: 'This export’s download link has expired; request a new export.' },
  two_factor_enabled: { status: 409, message: 'Two-factor authentication is already on; turn it off first to set up a new app.' },
  two_factor_not_started: { status: 409, message: 'Two-factor authentication is not set up; start enrolment first.' },
  task_closed: { status: 409, message: 'This task is already done or cancelled.' },
  survey_expired: { status: 410, message: 'This survey has expired and no longer takes answers.' },
  sla_calendar_in_use: { status: 409, message: 'SLA policies still use this business calendar; point them at another calendar (or 24×7) first.' },
  body_too_large: { status: 413, message: 'The request body is too large.' },
  import_too_many_rows: { status: 413, message: 'The file has more rows than one import takes (5,000); split it into several files.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json.' },
  import_unsupported_file: { status: 415, message: 'Send a CSV (UTF-8, UTF-16 or GBK) or an XLSX file; save old .xls workbooks as .xlsx.' },
  widget_tickets_off: { status: 403, message: 'This chat widget does not take tickets (inbox setting tickets is off); chat with us instead.' },
  account_locked: {
    status: 429,
    message:
      'Too many failed sign-ins for this account or from this network; sign-in is locked for a while (see Retry-After) or until an admin unlocks it.',
  },
  rate_limited: { status: 429, message: 'Too many requests; slow down and retry later.' },
  internal: { status: 500, message: 'Something went wrong on our side; it has been logged.' },
  database_unavailable: { status: 503, message: 'The database is not answering; retry shortly.' },
  storage_unavailable: { status: 503, message: 'The attachment storage (S3) is not answering; retry shortly.' },
  decryption_failed: {
    status: 500,
    message:
      'A stored value could not be decrypted: it was altered, copied from another row or workspace, or encrypted under a key this server does not hold.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** The only error type that crosses the API: a catalogued code plus optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, details?: unknown) {
    super(errorCatalogue[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = details;
  }
}

/** Shorthand for `new AppError(code, details)`. @example throw appError('not_found') */
export function appError(code: ErrorCode, details?: unknown): AppError {
  return new AppError(code, details);
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: unknown };
}

/** The JSON body every error response carries. */
export function errorBody(err: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      requestId,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
};

/**
 * Map anything thrown inside a request to a catalogued error. Unknown 4xx
 * errors from Fastify's own parsing become `bad_request`; anything else is
 * `internal` and must be logged by the caller.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; statusCode?: number; name?: string; message?: string };
  if (e.code && FASTIFY_CODES[e.code]) return appError(FASTIFY_CODES[e.code]!);
  if (err instanceof SyntaxError && e.statusCode === 400) return appError('invalid_json');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 413) return appError('body_too_large');
    if (e.statusCode === 415) return appError('unsupported_media_type');
    return appError('bad_request');
  }
  // The query layer wraps driver errors, so look at the cause as well.
  const codes = [e.code, (err as { cause?: { code?: unknown } }).cause?.code];
  if (codes.some((code) => code === 'ECONNREFUSED' || code === '57P01' || code === '57P03')) return appError('database_unavailable');
  // Races the services' own checks cannot see: a row referenced or inserted by a concurrent
  // transaction (foreign key, unique), a serialization failure or a deadlock.
  if (codes.some((code) => code === '23503' || code === '23505' || code === '40001' || code === '40P01')) return appError('conflict');
  return appError('internal');
}
