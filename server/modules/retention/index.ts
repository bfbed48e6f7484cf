export {
  retentionPolicies,
  contactExports,
  retentionActions,
  type RetentionAction,
  type RetentionPolicyRow,
  type ContactExportRow,
  type ExportStatus,
} from './schema.ts';
export { registerRetentionRoutes } from './routes.ts';
export { privacyPolicy } from './policy.ts';
export { defaultRetention, getRetention, type RetentionSettings } from './service.ts';
export {
  deleteContactExportRows,
  findContactExport,
  insertContactExport,
  selectActiveRetentionPolicies,
  selectContactExports,
  selectExpiredExports,
  updateContactExport,
} from './repo.ts';
