/**
 * The console's only door to the server: JSON over fetch with the session
 * token, and one error type carrying the API's stable error `code`.
 * The shapes mirror the server's presenters (see /api/docs).
 */

export type UserStatus = 'active' | 'disabled';
export type Locale = 'zh-CN' | 'en';

export interface User {
  id: string;
  email: string;
  name: string;
  roleId: string;
  locale: string;
  status: UserStatus;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Role {
  id: string;
  key: string;
  name: string;
  permissions: string[];
  builtin: boolean;
}

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  industry: string;
  defaultLocale: string;
  locales: string[];
  timezone: string;
}

export interface Me {
  kind: 'user' | 'api_key';
  user: User | null;
  role: Role;
  workspace: Workspace;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: User;
  workspaceId: string;
}

/** A correct password with 2FA on (or required but not set up): the second step's challenge. */
export interface LoginChallenge {
  twoFactor: 'code_required' | 'enrolment_required';
  challenge: string;
  expiresAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  name: string | null;
  roleId: string;
  invitedBy: string;
  expiresAt: string;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  roleId: string;
  hint: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface AuditEvent {
  id: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Items<T> {
  items: T[];
}

/** An error answered by the API (or `network` when it could not be reached). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const TOKEN_KEY = 'kefu.token';

export const tokenStore = {
  get: (): string | null => window.localStorage.getItem(TOKEN_KEY),
  set: (token: string) => window.localStorage.setItem(TOKEN_KEY, token),
  clear: () => window.localStorage.removeItem(TOKEN_KEY),
};

let unauthorized: () => void = () => {};

/** Called when a signed-in request comes back 401 (session ended or expired). */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

/** `?a=1&b=2` from the defined, non-empty values; '' when there are none. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Call the API. Resolves with the parsed JSON (undefined for 204), rejects
 * with an {@link ApiError}.
 *
 * @example const page = await api<Page<User>>('GET', `/api/v1/users${query({ limit: 50 })}`);
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  return send<T>(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
}

/**
 * Upload a file as a raw body (the convention of Kefu's upload endpoints:
 * `x-filename` URL-encoded, `x-file-type`), resolving with the JSON answer.
 */
export function upload<T>(path: string, file: File): Promise<T> {
  const headers = {
    'content-type': 'application/octet-stream',
    'x-filename': encodeURIComponent(file.name),
    'x-file-type': file.type || 'application/octet-stream',
  };
  return send<T>('POST', path, headers, file);
}

/** A signed-in download (attachments need the session token, so a plain link cannot fetch them). */
export async function download(path: string): Promise<Blob> {
  const token = tokenStore.get();
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} }).catch(() => null);
  if (!res) throw new ApiError(0, 'network', 'The server could not be reached.');
  if (!res.ok) throw new ApiError(res.status, res.status === 404 ? 'not_found' : 'internal', res.statusText);
  return res.blob();
}

/** Fetch a signed-in download and save it under `filename` (a plain link cannot carry the session token). */
export async function saveDownload(path: string, filename: string): Promise<void> {
  const url = URL.createObjectURL(await download(path));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function send<T>(method: string, path: string, extra: Record<string, string>, body: BodyInit | undefined): Promise<T> {
  const token = tokenStore.get();
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (res.ok) return data as T;
  const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  if (res.status === 401 && token) unauthorized();
  throw new ApiError(res.status, error?.code ?? 'internal', error?.message ?? res.statusText, error?.details);
}
