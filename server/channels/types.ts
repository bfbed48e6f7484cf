import type { AppContext } from '../context.ts';
import type { KefuApp } from '../lib/http.ts';
import type { ContactIdentityRow, ContactProfile, ContactRow, IdentityKind } from '../modules/contacts/index.ts';
import type { ConversationRow, IncomingMessage, MessageRow } from '../modules/conversations/index.ts';
import type { ChannelKind, InboxRow } from '../modules/inboxes/index.ts';

/**
 * One customer message as a channel adapter parsed it: who sent it (their
 * identity on this channel plus whatever profile the channel tells), and the
 * message itself. `receiveMessage` (server/flows/receive-message.ts) stores it.
 */
export interface InboundMessage {
  identity: { kind: IdentityKind; value: string };
  profile?: ContactProfile;
  message: IncomingMessage;
}

/** Everything an adapter needs to deliver one outgoing message. */
export interface OutboundMessage {
  inbox: InboxRow;
  conversation: ConversationRow;
  contact: ContactRow;
  identities: ContactIdentityRow[];
  message: MessageRow;
  /** The customer's last incoming message in this conversation (email threading, WeChat 48-hour window). */
  lastIncoming: MessageRow | null;
}

export interface SendResult {
  /** The channel's id for what it sent (email Message-ID, provider message id); stored for threading and receipts. */
  sourceId?: string;
  status: 'sent' | 'delivered';
}

export interface ChannelCapabilities {
  attachments: boolean;
  typing: boolean;
  readReceipts: boolean;
  /** Longest text the channel takes in one message. */
  maxTextLength: number;
  /** True when delivery happens through Kefu's own realtime connection (the widget) rather than an outside system. */
  realtime: boolean;
  /** Replies should be short (a phone chat, SMS): the bot sends FAQ items' short answers where they have one. */
  shortAnswers?: boolean;
  /** The only file types the channel can send, when it cannot send any file (WeChat: images). */
  attachmentTypes?: readonly string[];
  maxAttachmentBytes?: number;
  /** The channel is mail: a ticket's requester already gets its replies by the ticket's own mail. */
  mail?: boolean;
}

/**
 * A channel: the only place that knows its protocol. No other code branches
 * on the channel kind. `registerRoutes` adds the channel's public endpoints
 * (webhooks, WebSocket, SMTP is a listener started in `start`).
 */
export interface ChannelAdapter {
  channel: ChannelKind;
  capabilities: ChannelCapabilities;
  /** Deliver an outgoing message. Throw to have the delivery job retry; throw `PermanentDeliveryError` to give up. */
  send(ctx: AppContext, outbound: OutboundMessage): Promise<SendResult>;
  registerRoutes?(app: KefuApp, ctx: AppContext): void;
  /** Long-lived listeners (the SMTP server); returns a stop function for shutdown. */
  start?(ctx: AppContext): Promise<() => Promise<void>>;
}

/** A delivery that will never succeed (unknown recipient, refused by the provider): no retry. */
export class PermanentDeliveryError extends Error {}
