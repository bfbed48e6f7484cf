export { portalGrants, portalSessions, portalSettings, type PortalSessionRow } from './schema.ts';
export { registerPortalAccessRoutes } from './routes.ts';
export { portalAccessPolicy } from './policy.ts';
export {
  canReopen,
  createSignInLink,
  createTicketLink,
  endPortalSession,
  findPortalSession,
  getReopenDays,
  isSignInLinkValid,
  redeemSignInLink,
  redeemTicketLink,
  sweepPortalAccess,
  teamNamesOf,
  SIGN_IN_TTL_MS,
  DEFAULT_REOPEN_DAYS,
} from './service.ts';
export { sweepPortalAccessJob } from './jobs.ts';
export { deletePortalAccessOf } from './privacy-repo.ts';
