export { inboxes, channelKinds, type ChannelKind, type InboxRow } from './schema.ts';
export { channelSettings, type ChannelSettings } from './settings.ts';
export { registerInboxRoutes, presentInbox } from './routes.ts';
export { createInbox, findInboxesBySetting, getInbox, getPublicInbox, listInboxes, updateInbox } from './service.ts';
export { selectBotWorkspaceIds } from './repo.ts';
