export { sessions } from './schema.ts';
export { registerAuthRoutes } from './routes.ts';
export { registerAccessControl } from './hook.ts';
export { registerAuthListeners } from './events.ts';
export { purgeExpiredSessionsJob } from './jobs.ts';
export { authenticate, login, endSessionsOfUser } from './service.ts';
export type { RouteAccess } from './hook.ts';
export { base32Decode, base32Encode, hotp, totp } from './totp.ts';
export { countTwoFactorSecretsLeft, reencryptTwoFactorSecrets, selectWorkspacesWithClearTotpSecrets } from './two-factor-reencrypt-repo.ts';
