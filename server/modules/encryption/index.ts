export { encryptionKeys, encryptionSettings, type EncryptionKeyRow } from './schema.ts';
export { Cipher } from './cipher.ts';
export { workspaceCipher, withCipher, forgetRing } from './keyring.ts';
export { initEncryption, checkAndRewrap } from './init.ts';
export { MasterKeyError, masterKey, type MasterKeys } from './master.ts';
export { FORMAT_PREFIX } from './crypto.ts';
export { selectWorkspacesRetiring } from './repo.ts';
export {
  REENCRYPT_JOB,
  rotateDataKey,
  setEncryptMessages,
  enableMessageEncryption,
  describeKeys,
  retireKeys,
  encryptionSettingsPatch,
  undecryptable,
  type BatchResult,
} from './service.ts';
