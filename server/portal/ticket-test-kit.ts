import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { call, uniqueTag } from '../test/factories.ts';
import type { TestKefu, TestWorkspace } from '../test/harness.ts';

/** A stand-in for the business's mail relay: accepts every mail and keeps it. */
export interface MailPeer {
  url: string;
  received: ParsedMail[];
  /** Mails to this address, oldest first. */
  to(address: string): ParsedMail[];
  close(): Promise<void>;
}

export async function startMailPeer(): Promise<MailPeer> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const recipients = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    to: (addr) => received.filter((m) => recipients(m).includes(addr)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The portal path in a mail's text (`/help/<slug>/tickets/...`). */
export function linkIn(mail: ParsedMail | undefined): string {
  const match = /\/help\/[^\s"<>]+/.exec(mail?.text ?? '');
  if (!match) throw new Error(`no portal link in mail: ${mail?.subject}`);
  return match[0];
}

/** A browser's view of the help center through app.inject: a cookie jar, forms posted as a browser would. */
export class PortalClient {
  private readonly cookies = new Map<string, string>();
  /** The last page's HTML. */
  html = '';

  /** Each client comes from its own address, as separate people would (the portal rate-limits per address). */
  readonly ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

  constructor(private readonly kefu: TestKefu) {}

  private remember(setCookie: string | string[] | undefined): void {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = '', ...attrs] = line.split(';');
      const [name = '', ...value] = pair.trim().split('=');
      if (attrs.some((a) => a.trim() === 'Max-Age=0')) this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
  }

  private headers(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(url: string) {
    const res = await this.kefu.app.inject({ method: 'GET', url, headers: this.headers(), remoteAddress: this.ip });
    this.remember(res.headers['set-cookie']);
    this.html = res.body;
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined, headers: res.headers };
  }

  /** GET, following one redirect. */
  async open(url: string) {
    const first = await this.get(url);
    return first.location ? this.get(first.location) : first;
  }

  /** The CSRF token of the last page's forms. */
  csrf(): string {
    return /name="_csrf" value="([^"]+)"/.exec(this.html)?.[1] ?? this.cookies.get('kefu_portal_csrf') ?? '';
  }

  /** POST a form (urlencoded); `_csrf` is taken from the last page unless given. */
  async post(url: string, form: Record<string, string>) {
    const payload = new URLSearchParams({ _csrf: this.csrf(), ...form }).toString();
    const res = await this.kefu.app.inject({
      method: 'POST',
      url,
      payload,
      remoteAddress: this.ip,
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(res.headers['set-cookie']);
    if (res.headers['content-type']?.toString().startsWith('text/html')) this.html = res.body;
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined, headers: res.headers };
  }
}

/** A team and a three-level category tree dispatching to it: 售后服务 › 退货 › 质量问题. */
export async function buildTicketSetup(kefu: TestKefu, ws: TestWorkspace) {
  const team = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: '售后组', memberIds: [] });
  const other = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: '物流组', memberIds: [] });
  const mk = async (body: Record<string, unknown>) => {
    const res = await call(kefu, 'POST', '/api/v1/ticket-categories', ws.tokens.admin, body);
    if (res.status !== 201) throw new Error(`category: ${res.raw}`);
    return res.body.id as string;
  };
  const l1 = await mk({ key: `after_sales_${uniqueTag()}`, name: '售后服务', nameEn: 'After-sales', teamId: team.body.id });
  const l2 = await mk({ key: 'returns', name: '退货', nameEn: 'Returns', parentId: l1 });
  const l3 = await mk({ key: 'quality', name: '质量问题', nameEn: 'Quality problem', parentId: l2 });
  await mk({ key: `shipping_${uniqueTag()}`, name: '物流配送', nameEn: 'Shipping' });
  await call(kefu, 'POST', '/api/v1/ticket-fields', ws.tokens.admin, {
    key: 'order_no',
    label: '订单号',
    labelEn: 'Order number',
    type: 'text',
    required: true,
    customerVisible: true,
  });
  await call(kefu, 'POST', '/api/v1/ticket-fields', ws.tokens.admin, { key: 'risk_note', label: '风险备注', type: 'text', customerVisible: false });
  return { teamId: team.body.id as string, otherTeamId: other.body.id as string, categories: [l1, l2, l3] as const };
}
