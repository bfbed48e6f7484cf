export { botIntents, botFlows, botDictionary, botSessions, botRequests, type IntentRow, type FlowRow, type BotRequestRow } from './schema.ts';
export { flowSchema, localized, type FlowDefinition, type Localized } from './flow-schema.ts';
export { registerBotRoutes } from './routes.ts';
export { botPolicy } from './policy.ts';
export { intentCreate, intentRows, listIntents, listFlows, getDictionary, type IntentCreate } from './service.ts';
export { insertIntents, upsertFlow, replaceDictionary, findSession, nextCounter, insertRequest } from './repo.ts';
export { findRequest } from './repo.ts';
export { brainFor, loadBotContent, registerRetrainListeners, scheduleRetrain, stopBotTraining } from './brains.ts';
export { buildBrain, trainingData, type Brain, type BotContent } from './brain.ts';
export { commitTurn, type AfterTurn } from './turn-repo.ts';
export { createBotRequest } from './requests-service.ts';
export { enqueueFlowWebhooks, flowWebhookJob, flowWebhookSweepJob, type FlowWebhooksInput } from './flow-webhooks.ts';
export {
  decideTurn,
  defaultPolicyConfig,
  initialDialogueState,
  restoreDialogueState,
  resumeAfterHuman,
  type BotAction,
  type DialogueState,
  type GapKind,
  type PolicyConfig,
  type TurnGap,
} from './dialogue.ts';
export { renderDone } from './flow-engine.ts';
export { SessionCache } from './session-cache.ts';
export { passageReply } from './dialogue-passages.ts';
export { judgeAnswer, postWebhook, signWebhook } from './webhook-post.ts';
export { forgetBotData, selectRequestsOfContacts } from './privacy-repo.ts';
