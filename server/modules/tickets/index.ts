export {
  tickets,
  ticketActivities,
  ticketCategories,
  ticketFields,
  ticketStatuses,
  ticketSources,
  type TicketRow,
  type TicketActivityRow,
  type TicketCategoryRow,
  type TicketStatus,
  type TicketSource,
} from './schema.ts';
export { registerTicketRoutes, ticketActorOf } from './routes.ts';
export { registerTicketConfigRoutes } from './config-routes.ts';
export { ticketsPolicy } from './policy.ts';
export {
  addCustomerReply,
  addStaffActivity,
  applyTicketPatch,
  changeTicket,
  createTicket,
  emitChange,
  getTicket,
  getTicketActivity,
  insertNewTicket,
  ticketCreate,
  ticketPatch,
  type TicketActor,
  type TicketChange,
  type TicketCreate,
  type TicketPatch,
} from './service.ts';
export { getTicketDetail, listTickets, listTicketsOfConversation, ticketWatcherIds } from './list-service.ts';
export { mergeTickets, splitTicket, linkTickets } from './relations-service.ts';
export { dispatchFor, listCategories, seedCategoryTree, type CategoryTreeNode } from './config-service.ts';
export { listFields } from './config-service.ts';
export { presentTicket, presentActivity, presentTicketDetail, ticketView, ticketDetailView, activityView } from './present.ts';
export { suggestForTicket, trainTicketClassifierNow, type TicketSuggestion } from './classify-service.ts';
export { insertDemoHistory, type DemoHistoryTicket } from './demo-service.ts';
export { dispatchedTeamOf, dispatchedTeamsOf } from './dispatch-of.ts';
export {
  deleteTickets,
  selectActivitiesOfTickets,
  selectClosedTicketIds,
  selectTicketAttachmentIds,
  selectTicketsOfContacts,
  stripTickets,
} from './privacy-repo.ts';
