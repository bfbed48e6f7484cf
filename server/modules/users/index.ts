export { users, roles, invitations, type UserRow, type RoleRow } from './schema.ts';
export { registerUserRoutes } from './routes.ts';
export {
  createUserWithPassword,
  findUserByEmail,
  findUsersByEmailEverywhere,
  getUser,
  recordLogin,
  setUserPassword,
  email,
  password,
} from './service.ts';
export { createBuiltinRoles, getRole, getRoleByKey } from './roles-service.ts';
export { presentUser, presentRole, userView, roleView } from './present.ts';
