import type { AppContext } from '../../context.ts';
import { listMessages, type ConversationRow, type MessageRow } from '../../modules/conversations/index.ts';
import { topics } from '../../realtime/hub.ts';

const PAGE = 200;
/** Pages scanned per look; beyond that the caller gets `nextAfterSeq` and asks again. */
const MAX_PAGES = 5;

export interface Replies {
  items: MessageRow[];
  /** The last position looked at: poll again with `afterSeq` = this. */
  nextAfterSeq: number;
}

/**
 * Outgoing messages after `afterSeq`, skipping the customer's own messages
 * and activity lines; `more` when it stopped scanning before the end.
 */
async function outgoingAfter(ctx: AppContext, conversation: ConversationRow, afterSeq: number): Promise<Replies & { more: boolean }> {
  let cursor = afterSeq;
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await listMessages(ctx.db, conversation.workspaceId, conversation.id, { afterSeq: cursor, limit: PAGE, includeNotes: false });
    const items = rows.filter((m) => m.type === 'outgoing');
    cursor = rows.at(-1)?.seq ?? cursor;
    if (items.length || rows.length < PAGE) return { items, nextAfterSeq: cursor, more: false };
  }
  return { items: [], nextAfterSeq: cursor, more: true };
}

/** Resolve after `ms`, or as soon as `wake` is called or `signal` aborts. */
function nap(ms: number, signal: AbortSignal, onWake: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
    onWake(done);
  });
}

/**
 * Long-poll for replies: answer at once when an outgoing message after
 * `afterSeq` exists, otherwise wait up to `waitSeconds` for one, re-reading
 * whenever anything happens in the conversation (its realtime topic, so a
 * reply stored on another Kefu node wakes this one too). Stops early, with
 * what it has, when `signal` aborts (client gone, server shutting down).
 */
export async function waitForReplies(
  ctx: AppContext,
  conversation: ConversationRow,
  afterSeq: number,
  waitSeconds: number,
  signal: AbortSignal,
): Promise<Replies> {
  const deadline = Date.now() + waitSeconds * 1000;
  let changed = false;
  let wake = () => undefined as void;
  const unsubscribe = ctx.realtime.subscribe(topics.conversation(conversation.id), () => {
    changed = true;
    wake();
  });
  try {
    let cursor = afterSeq;
    for (;;) {
      changed = false;
      const { more, ...found } = await outgoingAfter(ctx, conversation, cursor);
      if (found.items.length || Date.now() >= deadline || signal.aborted) return found;
      cursor = found.nextAfterSeq;
      if (!changed && !more) await nap(deadline - Date.now(), signal, (fn) => (wake = fn));
    }
  } finally {
    unsubscribe();
  }
}
