import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { call } from '../../test/factories.ts';

/**
 * Test support for the signed channels (API, SMS, voice): a Kefu listening
 * on a real port, a workspace, inboxes with their secrets, and requests
 * signed exactly as docs/channels/api.md tells an integrator to — written
 * here with node:crypto, independently of the code under test.
 */
export interface SignedKit {
  kefu: TestKefu;
  ws: TestWorkspace;
  baseUrl: string;
  /** Create an inbox through the admin API; returns its id and its settings with the secrets in full. */
  createInbox(
    channel: 'api' | 'sms' | 'voice',
    settings?: Record<string, unknown>,
  ): Promise<{ id: string; secret: string; settings: Record<string, unknown> }>;
  /** fetch() against Kefu, signed with `secret` unless `sign` says otherwise. */
  // The body is untyped on purpose, like factories.ts `call`: tests read whatever shape the endpoint returns.
  signed(path: string, secret: string, init?: SignedInit): Promise<{ status: number; body: ReturnType<typeof JSON.parse> }>;
  /** Messages of a conversation as an agent sees them. */
  messagesOf(conversationId: string): Promise<SeenMessage[]>;
  close(): Promise<void>;
}

export interface SignedInit {
  method?: 'GET' | 'POST';
  /** Sent as JSON unless a string (sent as is). */
  body?: unknown;
  /** Override the timestamp (Unix seconds) or signature, or leave them out. */
  timestamp?: string | null;
  signature?: string | null;
}

export interface SeenMessage {
  id: string;
  seq: number;
  type: string;
  content: string;
  status: string;
  error: string | null;
  senderType: string;
  contentAttributes: Record<string, unknown>;
}

/** `sha256=` + hex HMAC-SHA256, as any integrator would compute it. */
export const hmacHex = (secret: string, text: string) => `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`;
export const nowSeconds = () => String(Math.floor(Date.now() / 1000));

export async function startSignedKit(): Promise<SignedKit> {
  const kefu = await buildTestKefu();
  const ws = await createTestWorkspace(kefu);
  const baseUrl = await listenTestKefu(kefu);
  return {
    kefu,
    ws,
    baseUrl,
    async createInbox(channel, settings = {}) {
      const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel, name: `${channel} inbox`, settings });
      if (res.status !== 201) throw new Error(`inbox failed: ${res.raw}`);
      const revealed = res.body.settings as Record<string, unknown>;
      return { id: res.body.id as string, secret: String(revealed.webhookSecret ?? revealed.inboundSecret), settings: revealed };
    },
    async signed(path, secret, init = {}) {
      const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
      const body = init.body === undefined ? '' : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      const timestamp = init.timestamp === undefined ? nowSeconds() : init.timestamp;
      const signature = init.signature === undefined ? hmacHex(secret, `${timestamp}.${method}.${path}.${body}`) : init.signature;
      const headers: Record<string, string> = {};
      if (body) headers['content-type'] = 'application/json';
      if (timestamp !== null) headers['x-kefu-timestamp'] = timestamp;
      if (signature !== null) headers['x-kefu-signature'] = signature;
      const res = await fetch(baseUrl + path, { method, headers, ...(body ? { body } : {}) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async messagesOf(conversationId) {
      const res = await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/messages?limit=200`, ws.tokens.agent);
      if (res.status !== 200) throw new Error(`messages failed: ${res.raw}`);
      return res.body.items as SeenMessage[];
    },
    close: () => kefu.close(),
  };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A local HTTP server standing in for a business's webhook receiver or an
 * SMS gateway: records every request and answers from `answer` (a status
 * and JSON body), 200 `{}` by default.
 */
export async function startReceiver() {
  const requests: ReceivedRequest[] = [];
  let answer: (req: ReceivedRequest) => { status: number; body?: unknown } = () => ({ status: 200, body: {} });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      const { status, body } = answer(received);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    answerWith(fn: typeof answer) {
      answer = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
