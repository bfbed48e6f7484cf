import type { AppContext } from './context.ts';
import { registerAuthListeners } from './modules/auth/index.ts';
import { registerRealtimeFanout } from './realtime/fanout.ts';
import { registerBotListeners } from './flows/bot-turn.ts';
import { registerRoutingListeners } from './flows/route-conversation.ts';
import { registerAgentAssistListeners } from './flows/agent-assist.ts';
import { registerResolutionListeners } from './flows/conversation-resolved.ts';
import { registerTicketRealtime } from './flows/ticket-realtime.ts';
import { registerSurveyListeners } from './flows/survey-send.ts';
import { registerTaskListeners } from './modules/tasks/index.ts';
import { registerTicketIntakeListeners } from './flows/ticket-intake.ts';
import { registerSlaListeners } from './modules/sla/index.ts';
import { registerTicketNotifyListeners } from './flows/ticket-notify.ts';
import { registerAutomationListeners } from './flows/automation-events.ts';
import { registerTicketReplyChatListeners } from './flows/ticket-reply-chat.ts';

/** Every event listener, registered once per process (boot and the test harness call this). */
export function registerListeners(ctx: AppContext): void {
  registerAuthListeners(ctx);
  registerRealtimeFanout(ctx);
  registerBotListeners(ctx);
  registerRoutingListeners(ctx);
  registerAgentAssistListeners(ctx);
  registerResolutionListeners(ctx);
  registerTicketRealtime(ctx);
  registerSurveyListeners(ctx);
  registerTaskListeners(ctx);
  registerTicketIntakeListeners(ctx);
  registerSlaListeners(ctx);
  registerTicketNotifyListeners(ctx);
  registerAutomationListeners(ctx);
  registerTicketReplyChatListeners(ctx);
}
