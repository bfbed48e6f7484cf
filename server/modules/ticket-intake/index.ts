export { ticketIntakeKeys, ticketIntakeSettings } from './schema.ts';
export { registerTicketIntakeRoutes } from './routes.ts';
export { ticketIntakePolicy } from './policy.ts';
export { claimIntakeKey, getIntakeSettings, putIntakeSettings, intakeSettingsBody, type IntakeSettings } from './service.ts';
