export { contacts, contactIdentities, identityKinds, type ContactRow, type ContactIdentityRow, type IdentityKind } from './schema.ts';
export { registerContactRoutes } from './routes.ts';
export { contactsPolicy } from './policy.ts';
export { absorbContact, getContact, normalizeEmail, normalizePhone, resolveContact, type ContactProfile } from './service.ts';
export { contactView, presentContact } from './present.ts';
export { eraseContactRows, selectIdentitiesOf, selectMergeFamily } from './privacy-repo.ts';
export { findContactByEmailOrPhone, identityHash, openContact, openContactFields, EMAIL as CONTACT_EMAIL, PHONE as CONTACT_PHONE } from './repo.ts';
export { reencryptContacts, reencryptIdentities, countContactRowsLeft, selectWorkspacesWithoutHashes } from './reencrypt-repo.ts';
