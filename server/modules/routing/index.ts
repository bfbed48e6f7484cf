export { agentProfiles, teams, teamMembers, routingRules, routingQueue, presences, type Presence } from './schema.ts';
export { registerRoutingRoutes } from './routes.ts';
export { routingPolicy } from './policy.ts';
export { scheduleRouting, sweepRouting } from './scheduler.ts';
export { queueNoticeFor, estimateWaitSeconds, type AssignReason, type QueueNotice } from './assign-service.ts';
export { claimConversation, transferConversation, transferBody, type TransferBody } from './manual-service.ts';
export { addRequiredSkills, changePresence, createTeam, getMyRouting, setPresence, listAgents } from './service.ts';
export { PresenceTracker, presenceTracker, PRESENCE_GRACE_MS } from './presence.ts';
