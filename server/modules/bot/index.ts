export { botIntents, botFlows, botDictionary, botSessions, botRequests, type IntentRow, type FlowRow, type BotRequestRow } from './schema.ts';
export { flowSchema, localized, type FlowDefinition, type Localized } from './flow-schema.ts';
export { registerBotRoutes } from './routes.ts';
export { botPolicy } from './policy.ts';
export { intentCreate, intentRows, listIntents, listFlows, getDictionary, type IntentCreate } from './service.ts';
export { insertIntents, upsertFlow, replaceDictionary, findSession, nextCounter, insertRequest } from './repo.ts';
