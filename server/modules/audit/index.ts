export { auditEvents, type AuditEventRow } from './schema.ts';
export { changedFields, recordAudit, listAudit, type AuditEntry } from './service.ts';
export { registerAuditRoutes } from './routes.ts';
export { deleteAuditBefore, selectAuditAbout, stripAuditValues } from './privacy-repo.ts';
