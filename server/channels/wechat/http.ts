/** What the WeChat API client needs to know about an official account: whose it is, and its credentials. */
export interface WechatAccount {
  workspaceId: string;
  appId: string;
  appSecret: string;
  apiBaseUrl: string;
}

/**
 * The account an inbox talks to WeChat as.
 *
 * @example wechatAccount({ workspaceId: 'ws_1', settings: { appId: 'wx1', appSecret: 's', apiBaseUrl: 'https://api.weixin.qq.com' } }).appId // 'wx1'
 */
export function wechatAccount(inbox: { workspaceId: string; settings: Omit<WechatAccount, 'workspaceId'> }): WechatAccount {
  const { appId, appSecret, apiBaseUrl } = inbox.settings;
  return { workspaceId: inbox.workspaceId, appId, appSecret, apiBaseUrl };
}

/** An answer from the WeChat API with a non-zero `errcode`. */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly endpoint: string,
  ) {
    super(`WeChat ${endpoint} answered errcode ${errcode}: ${errmsg}`);
  }
}

export const REQUEST_TIMEOUT_MS = 10_000;

/** The URL of an API path with its query, under the account's base URL (a test double can stand in). */
export function endpoint(account: WechatAccount, path: string, query: Record<string, string>): string {
  const url = new URL(path, account.apiBaseUrl.endsWith('/') ? account.apiBaseUrl : `${account.apiBaseUrl}/`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

/** The JSON object WeChat answered; a non-zero errcode throws {@link WechatApiError}. */
export async function readJson(res: Response, name: string): Promise<Record<string, unknown>> {
  if (!res.ok) throw new Error(`WeChat ${name} answered HTTP ${res.status}`);
  const body = (await res.json().catch(() => null)) as unknown;
  if (!body || typeof body !== 'object') throw new Error(`WeChat ${name} answered something other than a JSON object`);
  const record = body as Record<string, unknown>;
  if (typeof record.errcode === 'number' && record.errcode !== 0) throw new WechatApiError(record.errcode, String(record.errmsg ?? ''), name);
  return record;
}
