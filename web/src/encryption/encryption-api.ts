import { api } from '../api.ts';

/** The shape of /api/v1/encryption (see server/flows/encryption-routes.ts). */
export interface EncryptionStatus {
  activeKeyId: string;
  encryptMessages: boolean;
  keys: { id: string; status: 'active' | 'retiring' | 'retired'; createdAt: string; retiredAt: string | null }[];
  rowsLeft: { contacts: number; messages: number; attachments: number };
}

export const getEncryption = () => api<EncryptionStatus>('GET', '/api/v1/encryption');
export const rotateKey = () => api<EncryptionStatus>('POST', '/api/v1/encryption/rotate');
export const setEncryptMessages = (encryptMessages: boolean) => api<EncryptionStatus>('PATCH', '/api/v1/encryption/settings', { encryptMessages });
