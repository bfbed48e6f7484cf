import { and, asc, desc, eq, inArray, lt, ne, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { openMessage, openMessages } from './message-crypto.ts';
import { conversations, messages } from './schema.ts';

/** One exchange of a resolved conversation: what the customer asked and what an agent answered. */
export interface ResolvedPair {
  conversationId: string;
  /** Seq of the agent's (first) reply: with the conversation id, a stable key for the pair. */
  replySeq: number;
  /** The customer's messages since the agent's previous reply (the last three), joined by newlines. */
  customerText: string;
  /** The agent's replies until the customer wrote again, joined by newlines. */
  agentReply: string;
  /** When the conversation was last changed (resolved). */
  resolvedAt: Date;
}

/** Customer messages kept per pair, and text kept per side: the index holds tens of thousands of pairs. */
const CUSTOMER_MESSAGES = 3;
const CUSTOMER_CHARS = 300;
const REPLY_CHARS = 2_000;
const BATCH = 500;

/** The latest customer message with text in a conversation, or null when there is none. */
export async function selectLatestCustomerText(db: DbOrTx, workspaceId: string, conversationId: string): Promise<string | null> {
  const [row] = await db
    .select({ content: messages.content })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.conversationId, conversationId),
        eq(messages.type, 'incoming'),
        ne(messages.content, ''),
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(1);
  return (await openMessage(db, workspaceId, row))?.content ?? null;
}

interface Exchange {
  conversationId: string;
  seq: number;
  type: string;
  senderType: string;
  content: string;
}

/**
 * (customer question → agent reply) pairs, newest resolved conversation
 * first: from the given conversations (when resolved), or from the
 * workspace's most recently active resolved ones until `limit` pairs or
 * `maxConversations` conversations were read. Bot replies and notes are
 * not agent replies; customer messages the bot answered before a handoff
 * join the question the agent then answered.
 */
export async function selectResolvedPairs(
  db: DbOrTx,
  workspaceId: string,
  options: { limit: number; maxConversations?: number; conversationIds?: string[] },
): Promise<ResolvedPair[]> {
  const out: ResolvedPair[] = [];
  let before: { lastMessageAt: Date; id: string } | undefined;
  for (let read = 0; out.length < options.limit && read < (options.maxConversations ?? 50_000); read += BATCH) {
    const batch = await db
      .select({ id: conversations.id, updatedAt: conversations.updatedAt, lastMessageAt: conversations.lastMessageAt })
      .from(conversations)
      .where(
        and(
          eq(conversations.workspaceId, workspaceId),
          eq(conversations.status, 'resolved'),
          options.conversationIds ? inArray(conversations.id, options.conversationIds) : undefined,
          before
            ? or(
                lt(conversations.lastMessageAt, before.lastMessageAt),
                and(eq(conversations.lastMessageAt, before.lastMessageAt), lt(conversations.id, before.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
      .limit(BATCH);
    if (batch.length === 0) break;
    const stored = await db
      .select({
        conversationId: messages.conversationId,
        seq: messages.seq,
        type: messages.type,
        senderType: messages.senderType,
        content: messages.content,
      })
      .from(messages)
      .where(
        and(
          eq(messages.workspaceId, workspaceId),
          inArray(
            messages.conversationId,
            batch.map((c) => c.id),
          ),
          inArray(messages.type, ['incoming', 'outgoing']),
        ),
      )
      .orderBy(asc(messages.conversationId), asc(messages.seq));
    const rows = await openMessages(db, workspaceId, stored);
    const byConversation = new Map<string, Exchange[]>();
    for (const row of rows) {
      const list = byConversation.get(row.conversationId);
      if (list) list.push(row);
      else byConversation.set(row.conversationId, [row]);
    }
    for (const conversation of batch) out.push(...pairsOf(byConversation.get(conversation.id) ?? [], conversation.updatedAt));
    before = batch.at(-1)!;
    if (batch.length < BATCH) break;
  }
  return out.slice(0, options.limit);
}

/** Pair each run of agent replies with the customer messages before it. */
function pairsOf(exchanges: Exchange[], resolvedAt: Date): ResolvedPair[] {
  const pairs: ResolvedPair[] = [];
  let asked: string[] = [];
  let open: ResolvedPair | undefined;
  for (const m of exchanges) {
    const text = m.content.trim();
    if (!text) continue;
    if (m.type === 'incoming') {
      asked.push(text);
      open = undefined;
    } else if (m.senderType === 'user' && open) {
      open.agentReply = `${open.agentReply}\n${text}`.slice(0, REPLY_CHARS);
    } else if (m.senderType === 'user' && asked.length) {
      const customerText = asked.slice(-CUSTOMER_MESSAGES).join('\n').slice(-CUSTOMER_CHARS);
      open = { conversationId: m.conversationId, replySeq: m.seq, customerText, agentReply: text.slice(0, REPLY_CHARS), resolvedAt };
      pairs.push(open);
      asked = [];
    }
  }
  return pairs;
}
