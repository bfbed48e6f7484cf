export { users, roles, invitations, apiKeys, type UserRow, type RoleRow, type ApiKeyRow } from './schema.ts';
export { registerUserRoutes } from './routes.ts';
export {
  createUserWithPassword,
  updateOwnProfile,
  profilePatch,
  findUserByEmail,
  findUsersByEmailEverywhere,
  getUser,
  recordLogin,
  setUserPassword,
  email,
  password,
} from './service.ts';
export { createBuiltinRoles, getRole, getRoleByKey, syncBuiltinRoles } from './roles-service.ts';
export { presentUser, presentRole, userView, roleView } from './present.ts';
export { createApiKey } from './api-keys-service.ts';
export { findApiKeyCredential, touchApiKey, type ApiKeyCredential } from './api-keys-repo.ts';
