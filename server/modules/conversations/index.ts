export {
  conversations,
  messages,
  attachments,
  conversationStatuses,
  type ConversationRow,
  type MessageRow,
  type AttachmentRef,
  type ConversationStatus,
} from './schema.ts';
export { registerConversationRoutes } from './routes.ts';
export { conversationsPolicy } from './policy.ts';
export {
  announceMessage,
  getConversation,
  listMessages,
  storeConversationMessage,
  storeIncomingMessage,
  storeFollowUpMessage,
  ConcurrentDuplicateError,
  type IncomingMessage,
  type StoredMessage,
} from './service.ts';
export { conversationPatch, updateConversation, type ConversationPatch } from './manage-service.ts';
export {
  conversationView,
  messageView,
  presentConversation,
  presentMessage,
  presentStaffMessage,
  redactSurveyLinks,
  type MessageView,
} from './present.ts';
export {
  advanceMessageStatus,
  advanceOutgoingUpTo,
  findMessage,
  findMessageBySource,
  lockConversation,
  moveConversationsToContact,
  selectStuckOutgoing,
  insertAttachment,
  findAttachment,
  selectAttachmentRefs,
} from './repo.ts';
export { searchMessages } from './search-repo.ts';
export { insertActivities, type ActivityLine } from './activity-repo.ts';
export { insertMentions } from './mentions-repo.ts';
export { selectLatestCustomerText, selectResolvedPairs, type ResolvedPair } from './assist-repo.ts';
export {
  deleteAttachmentRows,
  deleteConversations,
  redactNotesMentioning,
  selectAttachmentRows,
  selectAttachmentsBefore,
  selectConversationsOfContacts,
  selectMessageAttachmentIds,
  selectResolvedConversationIds,
  stripConversations,
} from './privacy-repo.ts';
export { openContents, openMessages, sealWith } from './message-crypto.ts';
export { reencryptMessages, countMessageRowsLeft, reencryptAttachmentKeys, selectAttachmentsToMove, countAttachmentsLeft } from './reencrypt-repo.ts';
