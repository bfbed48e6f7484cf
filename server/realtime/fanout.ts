import type { AppContext } from '../context.ts';
import { presentConversation, presentMessage, presentStaffMessage } from '../modules/conversations/index.ts';
import { topics } from './hub.ts';

/**
 * Bus → realtime: what agents (topic `workspace:<id>`) and the customer's
 * widget or app (topic `conversation:<id>`) hear. Private notes and
 * activity lines go to agents only; an @mention goes to the named person's
 * consoles only (topic `user:<workspace>:<id>`).
 */
export function registerRealtimeFanout(ctx: AppContext): void {
  ctx.bus.on('message.created', ({ payload }) => {
    const event = { type: 'message.created', message: presentStaffMessage(payload.message), conversation: presentConversation(payload.conversation) };
    ctx.realtime.publish(topics.workspace(payload.workspaceId), event);
    if (payload.message.type === 'incoming' || payload.message.type === 'outgoing') {
      ctx.realtime.publish(topics.conversation(payload.conversation.id), { type: 'message.created', message: presentMessage(payload.message) });
    }
  });
  ctx.bus.on('message.updated', ({ payload }) => {
    ctx.realtime.publish(topics.workspace(payload.workspaceId), { type: 'message.updated', message: presentStaffMessage(payload.message) });
    ctx.realtime.publish(topics.conversation(payload.message.conversationId), { type: 'message.updated', message: presentMessage(payload.message) });
  });
  for (const name of ['conversation.created', 'conversation.updated'] as const) {
    ctx.bus.on(name, ({ payload }) => {
      ctx.realtime.publish(topics.workspace(payload.workspaceId), { type: name, conversation: presentConversation(payload.conversation) });
    });
  }
  ctx.bus.on('conversation.assigned', ({ payload }) => {
    const { assigneeId, previousAssigneeId, reason } = payload;
    const event = { type: 'conversation.assigned', conversation: presentConversation(payload.conversation), assigneeId, previousAssigneeId, reason };
    ctx.realtime.publish(topics.workspace(payload.workspaceId), event);
  });
  ctx.bus.on('conversation.queued', ({ payload }) => {
    const { conversationId, position, expectedWaitSeconds } = payload;
    ctx.realtime.publish(topics.workspace(payload.workspaceId), { type: 'conversation.queued', conversationId, position, expectedWaitSeconds });
    // The customer's widget shows its place in line (position 0: someone took it, or it left the queue).
    ctx.realtime.publish(topics.conversation(conversationId), { type: 'queue', position, expectedWaitSeconds });
  });
  ctx.bus.on('agent.presence_changed', ({ payload }) => {
    ctx.realtime.publish(topics.workspace(payload.workspaceId), {
      type: 'agent.presence_changed',
      userId: payload.userId,
      presence: payload.presence,
    });
  });
  ctx.bus.on('note.mentioned', ({ payload }) => {
    const event = {
      type: 'note.mentioned',
      conversation: presentConversation(payload.conversation),
      message: presentMessage(payload.message),
      authorId: payload.authorId,
    };
    for (const userId of payload.mentionedUserIds) ctx.realtime.publish(topics.user(payload.workspaceId, userId), event);
  });
  ctx.bus.on('conversation.typing', ({ payload }) => {
    const event = { type: 'typing', conversationId: payload.conversationId, who: payload.who, typing: payload.typing };
    ctx.realtime.publish(topics.workspace(payload.workspaceId), { ...event, userId: payload.userId });
    if (payload.who === 'user') ctx.realtime.publish(topics.conversation(payload.conversationId), event);
  });
}
