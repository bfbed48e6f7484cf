import type { Conversation, Message } from './model.ts';

export interface AssistSlotProps {
  conversation: Conversation;
  /** The timeline as the agent sees it; the customer's latest message is `messages.findLast(m => m.type === 'incoming')`. */
  messages: Message[];
  /** Which tab the composer is on. */
  mode: 'reply' | 'note';
  /** Put text into the composer (replacing what is there), for the agent to edit and send. */
  insert: (text: string) => void;
}

/**
 * ── SLOT: canned responses and agent assist ──────────────────────────────
 * Rendered right above the composer's text box. Canned responses (per
 * workspace and personal, with variables) and agent assist (top knowledge
 * answers and similar resolved conversations for the customer's latest
 * message, one click to insert) belong here; that work fills this
 * component in. Until then it renders nothing.
 */
export function AssistSlot(_props: AssistSlotProps) {
  return null;
}
