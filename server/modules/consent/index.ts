export { consentRecords, consentPurposes, consentChannels, type ConsentRecordRow, type ConsentPurpose, type ConsentChannel } from './schema.ts';
export { registerConsentRoutes, consentView, presentConsent } from './routes.ts';
export { consentPolicy } from './policy.ts';
export { hasWithdrawn, listConsents, recordConsent, withdrawByCustomer } from './service.ts';
