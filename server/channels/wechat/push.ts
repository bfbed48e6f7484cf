import { randomInt } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { receiveMessage } from '../../flows/receive-message.ts';
import { appError } from '../../lib/errors.ts';
import { resolveContact } from '../../modules/contacts/index.ts';
import type { ChannelSettings } from '../../modules/inboxes/index.ts';
import { decryptMessage, encryptMessage, signatureMatches, wechatSignature, WechatCryptoError } from './crypto.ts';
import { pushKey, readPush, toInbound, wechatIdentity, type Push, type WechatInbox } from './inbound.ts';
import { buildXml, childText, parseXml, XmlError, type XmlElement } from './xml.ts';

type Settings = ChannelSettings['wechat'];

/** How far WeChat's `timestamp` may be from Kefu's clock, either way: older requests are replays. */
export const MAX_SKEW_SECONDS = 300;

export interface SignedQuery {
  timestamp: string;
  nonce: string;
  signature?: string;
  msg_signature?: string;
}

function checkFresh(timestamp: string, nowMs: number): void {
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) throw appError('wechat_timestamp_stale');
}

/** Decrypt a ciphertext whose msg_signature was checked; it must have been sealed for this account's AppID. */
function open(settings: Settings, query: SignedQuery, encrypted: string): string {
  if (!signatureMatches(query.msg_signature, wechatSignature(settings.token, query.timestamp, query.nonce, encrypted)))
    throw appError('wechat_signature_invalid');
  try {
    const { message, appId } = decryptMessage(encrypted, settings.encodingAESKey!);
    if (appId !== settings.appId) throw new WechatCryptoError('sealed for another AppID');
    return message;
  } catch (err) {
    if (err instanceof WechatCryptoError) throw appError('wechat_signature_invalid');
    throw err;
  }
}

/**
 * Server URL verification (接入验证): a GET signed over [token, timestamp,
 * nonce] gets its `echostr` back. With an EncodingAESKey and a
 * `msg_signature`, the echostr is encrypted and its plaintext goes back.
 */
export function verifyServer(settings: Settings, query: SignedQuery & { echostr: string }, nowMs = Date.now()): string {
  if (settings.encodingAESKey && query.msg_signature) {
    const echo = open(settings, query, query.echostr);
    checkFresh(query.timestamp, nowMs);
    return echo;
  }
  if (!signatureMatches(query.signature, wechatSignature(settings.token, query.timestamp, query.nonce))) throw appError('wechat_signature_invalid');
  checkFresh(query.timestamp, nowMs);
  return query.echostr;
}

function parse(xml: string): XmlElement {
  try {
    return parseXml(xml);
  } catch (err) {
    if (err instanceof XmlError) throw appError('invalid_xml', [{ path: [], message: err.message }]);
    throw err;
  }
}

/**
 * Authenticate a push and return its message document. Plain mode: `signature`
 * over [token, timestamp, nonce]. Safe mode (the inbox has an EncodingAESKey;
 * plain pushes are refused): `msg_signature` over the four with `Encrypt`,
 * then AES decryption.
 */
function unwrap(settings: Settings, query: SignedQuery & { encrypt_type?: string }, body: string, nowMs: number): XmlElement {
  if (settings.encodingAESKey) {
    if (query.encrypt_type !== 'aes') throw appError('wechat_signature_invalid');
    const encrypted = childText(parse(body), 'Encrypt');
    if (!encrypted) throw appError('invalid_xml', [{ path: ['Encrypt'], message: 'required in safe mode' }]);
    const message = open(settings, query, encrypted);
    checkFresh(query.timestamp, nowMs);
    return parse(message);
  }
  if (!signatureMatches(query.signature, wechatSignature(settings.token, query.timestamp, query.nonce))) throw appError('wechat_signature_invalid');
  checkFresh(query.timestamp, nowMs);
  return parse(body);
}

/** A passive reply (被动回复) with text, encrypted when the push was. */
function passiveText(settings: Settings, push: Push, content: string, nowMs: number): string {
  const createTime = Math.floor(nowMs / 1000);
  const xml = buildXml({ ToUserName: push.FromUserName, FromUserName: push.ToUserName, CreateTime: createTime, MsgType: 'text', Content: content });
  if (!settings.encodingAESKey) return xml;
  const encrypted = encryptMessage(xml, settings.appId, settings.encodingAESKey);
  const timestamp = String(createTime);
  const nonce = String(randomInt(100_000_000, 1_000_000_000));
  return buildXml({
    Encrypt: encrypted,
    MsgSignature: wechatSignature(settings.token, timestamp, nonce, encrypted),
    TimeStamp: createTime,
    Nonce: nonce,
  });
}

/**
 * Act on a push once; returns the text to answer with now, or null. A
 * message is stored (once per MsgId) and answered later through the
 * customer-service API; a follow creates or refreshes the contact and is
 * answered with the inbox greeting; other events are acknowledged.
 */
async function act(ctx: AppContext, inbox: WechatInbox, push: Push): Promise<string | null> {
  if (push.MsgType !== 'event') {
    await receiveMessage(ctx, inbox, await toInbound(ctx, inbox, push));
    return null;
  }
  if (push.Event === 'subscribe') {
    await ctx.db.transaction((tx) => resolveContact(tx, inbox.workspaceId, wechatIdentity(inbox.settings.appId, push.FromUserName)));
    return inbox.settings.greeting ?? null;
  }
  ctx.log.info({ inboxId: inbox.id, event: push.Event }, 'WeChat event acknowledged');
  return null;
}

/** Pushes being handled in this process, so WeChat's retries of a slow one wait for it instead of repeating its work. */
const inProgress = new Map<string, Promise<string | null>>();

function once(key: string, work: () => Promise<string | null>): Promise<string | null> {
  let pending = inProgress.get(key);
  if (!pending) {
    pending = work().finally(() => inProgress.delete(key));
    inProgress.set(key, pending);
  }
  return pending;
}

/**
 * Handle one push from WeChat's servers and return the response body:
 * `success` once the message is stored (WeChat then neither retries nor
 * shows an error), or a passive reply when there is something to say now.
 */
export async function receivePush(
  ctx: AppContext,
  inbox: WechatInbox,
  query: SignedQuery & { encrypt_type?: string },
  body: string,
  nowMs = Date.now(),
): Promise<string> {
  const push = readPush(unwrap(inbox.settings, query, body, nowMs));
  const reply = await once(`${inbox.id}:${pushKey(push)}`, () => act(ctx, inbox, push));
  return reply ? passiveText(inbox.settings, push, reply, nowMs) : 'success';
}
