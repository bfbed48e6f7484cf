/** The widget's ticket endpoints, called with the visitor token like uploads and downloads. */

export interface FormCategory {
  id: string;
  parentId: string | null;
  level: number;
  name: string;
  nameEn: string | null;
}

export interface FormField {
  key: string;
  label: string;
  labelEn: string | null;
  type: string;
  options: string[];
  required: boolean;
}

export interface VisitorTicket {
  id: string;
  number: string;
  subject: string;
  description: string;
  categoryId: string | null;
  status: string;
  attachments: { id: string; filename: string }[];
  expectedBy: string | null;
  /** The team handling it, by name. */
  team: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VisitorActivity {
  id: string;
  kind: string;
  from: 'customer' | 'support' | 'system';
  body: string;
  attachments: { id: string; filename: string }[];
  status: string | null;
  dispatched: boolean;
  /** The team's name when the ticket went to one. */
  team: string | null;
  createdAt: string;
}

/** An error the server explained with a code (e.g. `ticket_closed`, `rate_limited`). */
export class TicketApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export class TicketApi {
  constructor(
    private readonly base: () => string,
    private readonly token: () => string | null,
  ) {}

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base()}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token() ?? ''}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const data = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
    if (!res.ok) throw new TicketApiError(res.status, data.error?.code ?? 'internal');
    return data as T;
  }

  form(): Promise<{ categories: FormCategory[]; fields: FormField[] }> {
    return this.request('GET', '/ticket-form');
  }

  submit(input: {
    categoryId: string | null;
    description: string;
    attachmentIds: string[];
    customFields: Record<string, string | number | boolean>;
    clientRequestId: string;
  }): Promise<VisitorTicket> {
    return this.request('POST', '/tickets', input);
  }

  list(): Promise<{ items: VisitorTicket[] }> {
    return this.request('GET', '/tickets');
  }

  detail(id: string): Promise<{ ticket: VisitorTicket; activities: VisitorActivity[] }> {
    return this.request('GET', `/tickets/${encodeURIComponent(id)}`);
  }

  /** A file of the ticket as a blob URL (downloads need the visitor token, which a link cannot send). */
  async attachmentUrl(ticketId: string, id: string): Promise<string> {
    const res = await fetch(`${this.base()}/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${this.token() ?? ''}` },
    });
    if (!res.ok) throw new TicketApiError(res.status, 'attachment');
    return URL.createObjectURL(await res.blob());
  }

  reply(id: string, body: string): Promise<VisitorActivity> {
    return this.request('POST', `/tickets/${encodeURIComponent(id)}/replies`, { body });
  }
}
