export { contacts, contactIdentities, identityKinds, type ContactRow, type ContactIdentityRow, type IdentityKind } from './schema.ts';
export { registerContactRoutes } from './routes.ts';
export { contactsPolicy } from './policy.ts';
export { absorbContact, getContact, normalizeEmail, normalizePhone, resolveContact, type ContactProfile } from './service.ts';
export { contactView, presentContact } from './present.ts';
export { eraseContactRows, selectIdentitiesOf, selectMergeFamily } from './privacy-repo.ts';
