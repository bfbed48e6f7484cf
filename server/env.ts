import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const count = z.coerce.number().int().min(1).max(1_000_000);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Every setting Kefu reads from the environment, parsed once at boot.
 * The README's configuration table mirrors this schema.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL 15+ server. When unset Kefu starts its embedded PostgreSQL under KEFU_DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  KEFU_DATA_DIR: z.string().min(1).default('./data'),
  /** Port for the embedded PostgreSQL; 0 picks a free one at every start. */
  KEFU_EMBEDDED_PG_PORT: port.default(0),
  KEFU_PUBLIC_URL: z.url().optional(),
  KEFU_ADMIN_EMAIL: z.email().optional(),
  KEFU_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  KEFU_SEED_DEMO: bool.default(true),
  KEFU_SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24 * 7),
  KEFU_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  KEFU_JOBS: bool.default(true),
  /** How long a contact's data export can be downloaded after it is ready. */
  KEFU_EXPORT_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  /** Connections this process keeps to PostgreSQL. */
  KEFU_DB_POOL_MAX: z.coerce.number().int().min(2).max(500).default(20),
  /** Interface of the SMTP listener that receives mail for email inboxes. */
  KEFU_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Its port; unset = 2525 (skipped with a warning when busy), `0` = no listener. */
  KEFU_SMTP_PORT: port.optional(),
  /** Relay that sends email replies, e.g. smtp://user:pass@smtp.example.com:587; unset = replies fail. */
  KEFU_SMTP_RELAY_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Poll the IMAP mailboxes of email inboxes that have IMAP settings (one node per inbox holds it). */
  KEFU_IMAP_POLL: bool.default(true),
  /** S3-compatible attachment storage; unset = files under KEFU_DATA_DIR. Bucket and both keys go together. */
  KEFU_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  KEFU_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3-63 lower-case letters, digits, dots or hyphens')
    .optional(),
  KEFU_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'must be a region name such as us-east-1 or cn-north-1')
    .optional(),
  KEFU_S3_ACCESS_KEY_ID: z.string().min(1).max(256).optional(),
  KEFU_S3_SECRET_ACCESS_KEY: z.string().min(1).max(256).optional(),
  KEFU_S3_FORCE_PATH_STYLE: bool.optional(),
  /** Let flow webhooks reach loopback, private and link-local addresses (off: such a URL fails, against SSRF). */
  KEFU_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** Master key (base64 of 32 random bytes) that wraps every workspace's data keys; unset = generated into KEFU_DATA_DIR/master.key. */
  KEFU_MASTER_KEY: z.string().min(1).optional(),
  /** The master key being replaced: keys still wrapped under it are re-wrapped under KEFU_MASTER_KEY at boot. */
  KEFU_MASTER_KEY_PREVIOUS: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Behind a reverse proxy: take the client IP and protocol from X-Forwarded-For / -Proto (never set it without a proxy). */
  KEFU_TRUST_PROXY: bool.default(false),
  /** Rate limits on or off; unset = on, except under NODE_ENV=test. */
  KEFU_RATE_LIMIT: bool.optional(),
  /** The window every rate limit below counts in. */
  KEFU_RATE_LIMIT_WINDOW_SECONDS: count.default(60),
  /** Requests per window from one client IP (everything but /health). */
  KEFU_RATE_LIMIT_PER_IP: count.default(1200),
  /** Requests per window with one bearer token (session or API key). */
  KEFU_RATE_LIMIT_PER_TOKEN: count.default(1200),
  /** Requests per window from one widget visitor (its visitor token). */
  KEFU_RATE_LIMIT_PER_VISITOR: count.default(120),
  /** Sign-in requests per window from one IP (login, second step, invitation, portal sign-in link). */
  KEFU_RATE_LIMIT_AUTH_PER_IP: count.default(20),
  /** Failed logins for one email from one IP within KEFU_LOGIN_FAILURE_WINDOW_MINUTES before that pair is locked. */
  KEFU_LOGIN_MAX_FAILURES: count.default(5),
  /** Failed logins for one email from any IPs within the window before the email is locked everywhere (a guess spread over many addresses). */
  KEFU_LOGIN_MAX_FAILURES_PER_ACCOUNT: count.default(50),
  /** Failed logins from one IP within the window before that IP is locked out of login. */
  KEFU_LOGIN_MAX_FAILURES_PER_IP: count.default(30),
  KEFU_LOGIN_FAILURE_WINDOW_MINUTES: count.default(15),
  /** How long a lockout lasts. */
  KEFU_LOGIN_LOCK_MINUTES: count.default(15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** S3 storage is all or nothing: any KEFU_S3_* variable needs the bucket and both keys, so a typo cannot fall back to disk silently. */
function requireS3Together(env: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (!Object.keys(env).some((key) => key.startsWith('KEFU_S3_') && env[key] !== undefined)) return;
  for (const key of ['KEFU_S3_BUCKET', 'KEFU_S3_ACCESS_KEY_ID', 'KEFU_S3_SECRET_ACCESS_KEY']) {
    if (env[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required when any KEFU_S3_* variable is set' });
  }
}

/** The schema plus the rules that span several variables. */
const checkedEnvSchema = envSchema.superRefine(requireS3Together);

export type Env = z.infer<typeof envSchema> & { dataDir: string };

/** Thrown when the environment is invalid; the message names every bad variable. */
export class EnvError extends Error {}

/**
 * Parse `source` (normally `process.env`) into Kefu's config, or throw an
 * {@link EnvError} that names each variable that is wrong and why.
 * Empty strings count as unset, as in most `.env` tooling.
 *
 * @example loadEnv({ PORT: '8080' }).PORT // 8080
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([key, value]) => key in envSchema.shape && value !== ''));
  const parsed = checkedEnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      return `  ${name}=${JSON.stringify(source[name] ?? '')}: ${issue.message}`;
    });
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.KEFU_DATA_DIR) };
}
