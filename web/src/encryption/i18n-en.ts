/** English messages of the encryption page (/encryption). Spread into i18n/en.ts; i18n-zh-CN.ts has the same keys. */
export const enEncryption = {
  'nav.encryption': 'Encryption',
  'encryption.title': 'Encryption at rest',
  'encryption.description':
    'Contact emails, phones, channel identities and files are always stored encrypted. Rotating makes a new data key; older rows are re-encrypted in the background.',
  'encryption.rotate': 'Rotate data key',
  'encryption.encryptMessages': 'Encrypt message content',
  'encryption.encryptMessagesHint': 'Off for new workspaces. When on, message search finds whole words only.',
  'encryption.activeKey': 'Active data key:',
  'encryption.allCurrent': 'Every row is under the active key.',
  'encryption.rowsLeft': 'Still to re-encrypt: {contacts} contacts, {messages} messages, {attachments} files.',
  'encryption.refresh': 'Refresh',
  'encryption.col.key': 'Key',
  'encryption.col.status': 'Status',
  'encryption.col.created': 'Created',
  'encryption.status.active': 'Active',
  'encryption.status.retiring': 'Retiring',
  'encryption.status.retired': 'Retired',
};
