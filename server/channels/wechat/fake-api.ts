import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A customer-service message as Kefu posted it. */
export interface CustomMessageSeen {
  touser: string;
  msgtype: string;
  text?: { content: string };
  image?: { media_id: string };
}

/** One part of a multipart/form-data body, as the server read it off the wire. */
export interface FormPart {
  /** Part headers, names lower-cased. */
  headers: Record<string, string>;
  name: string | undefined;
  filename: string | undefined;
  data: Buffer;
}

/** A temporary-media upload as the server received it. */
export interface UploadSeen {
  appId: string;
  type: string | null;
  /** The request's Content-Type (multipart/form-data with its boundary). */
  contentType: string;
  parts: FormPart[];
  mediaId: string;
}

/** Split a multipart/form-data body (RFC 7578) into its parts, strictly: a malformed body throws. */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(contentType);
  if (!/^multipart\/form-data;/i.test(contentType) || !boundary) throw new Error('not multipart/form-data with a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at !== 0) throw new Error('the body does not start with the boundary');
  for (;;) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    if (body.subarray(start, start + 2).toString() !== '\r\n') throw new Error('no CRLF after the boundary');
    const headerEnd = body.indexOf('\r\n\r\n', start + 2);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
    if (headerEnd < 0 || next < 0) throw new Error('unterminated part');
    const headers: Record<string, string> = {};
    for (const line of body
      .subarray(start + 2, headerEnd)
      .toString('utf8')
      .split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disposition = headers['content-disposition'] ?? '';
    parts.push({
      headers,
      name: /;\s*name="([^"]*)"/.exec(disposition)?.[1],
      filename: /;\s*filename="([^"]*)"/.exec(disposition)?.[1],
      data: body.subarray(headerEnd + 4, next),
    });
    at = next + 2;
  }
  return parts;
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/**
 * A local stand-in for api.weixin.qq.com, written from WeChat's
 * documentation: issues access tokens (a new one invalidates the previous,
 * as WeChat's does), takes customer-service messages and temporary-media
 * uploads, serves media, and answers scripted errcodes per recipient.
 */
export async function startFakeWechatApi() {
  const latest = new Map<string, string>();
  const state = {
    tokenRequests: new Map<string, number>(),
    sends: [] as { appId: string; token: string; body: CustomMessageSeen }[],
    uploads: [] as UploadSeen[],
    media: new Map<string, { contentType: string; data: Buffer }>(),
    /** errcodes to answer, in order, for sends to an OpenID. */
    failNext: new Map<string, number[]>(),
  };
  let issued = 0;
  const issue = (appId: string) => {
    const token = `ACCESS_${appId}_${++issued}`;
    latest.set(appId, token);
    return token;
  };
  const appOf = (token: string | null) => [...latest].find(([, t]) => t === token)?.[0];
  const json = (res: http.ServerResponse, body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const invalidToken = { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };

  const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => unknown> = {
    'GET /cgi-bin/token': (_req, res, url) => {
      const appId = url.searchParams.get('appid') ?? '';
      if (url.searchParams.get('grant_type') !== 'client_credential' || !url.searchParams.get('secret')?.startsWith('secret-'))
        return json(res, { errcode: 40125, errmsg: 'invalid appsecret' });
      state.tokenRequests.set(appId, (state.tokenRequests.get(appId) ?? 0) + 1);
      json(res, { access_token: issue(appId), expires_in: 7200 });
    },
    'POST /cgi-bin/message/custom/send': async (req, res, url) => {
      const body = JSON.parse((await readBody(req)).toString('utf8')) as CustomMessageSeen;
      const token = url.searchParams.get('access_token');
      const appId = appOf(token);
      if (!appId) return json(res, invalidToken);
      const scripted = state.failNext.get(body.touser)?.shift();
      if (scripted) return json(res, { errcode: scripted, errmsg: 'scripted' });
      state.sends.push({ appId, token: token!, body });
      json(res, { errcode: 0, errmsg: 'ok', msgid: 1_000_000 + state.sends.length });
    },
    'POST /cgi-bin/media/upload': async (req, res, url) => {
      const body = await readBody(req);
      const appId = appOf(url.searchParams.get('access_token'));
      if (!appId) return json(res, invalidToken);
      const contentType = String(req.headers['content-type'] ?? '');
      const parts = parseMultipart(body, contentType);
      if (!parts.some((p) => p.name === 'media' && p.filename)) return json(res, { errcode: 41005, errmsg: 'media data missing' });
      const mediaId = `MEDIA_${state.uploads.length + 1}_${appId}`;
      state.uploads.push({ appId, type: url.searchParams.get('type'), contentType, parts, mediaId });
      json(res, { type: url.searchParams.get('type'), media_id: mediaId, created_at: Math.floor(Date.now() / 1000) });
    },
    'GET /cgi-bin/media/get': (_req, res, url) => {
      const media = state.media.get(url.searchParams.get('media_id') ?? '');
      if (!appOf(url.searchParams.get('access_token'))) return json(res, { errcode: 40001, errmsg: 'invalid credential' });
      if (!media) return res.writeHead(200, { 'content-type': 'text/plain' }).end(JSON.stringify({ errcode: 40007, errmsg: 'invalid media_id' }));
      res.writeHead(200, { 'content-type': media.contentType, 'content-disposition': 'attachment; filename="m.png"' }).end(media.data);
    },
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return void res.writeHead(404).end();
    Promise.resolve(route(req, res, url)).catch(() => res.writeHead(400).end('malformed request'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Another server fetched a token for the account: Kefu's cached one is now refused with 40001. */
    rotateToken: (appId: string) => issue(appId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeWechatApi = Awaited<ReturnType<typeof startFakeWechatApi>>;
