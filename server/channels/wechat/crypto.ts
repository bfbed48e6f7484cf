import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's push signatures and message encryption (消息加解密), as the
 * official account documentation and its sample code (WXBizMsgCrypt)
 * describe them.
 */

/**
 * SHA-1 (hex) of the parts sorted and concatenated: `signature` is over
 * [token, timestamp, nonce], `msg_signature` adds the ciphertext.
 *
 * @example wechatSignature('AAAAA', '1714037059', '486452656') // '899cf89e464efb63f54ddac96b0a0a235f53aa78'
 */
export function wechatSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison of a given signature with the expected one. */
export function signatureMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given.toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class WechatCryptoError extends Error {}

/** Block size of WeChat's PKCS#7 padding: 32 bytes, not AES's 16. */
const PAD_BLOCK = 32;

/** The 32-byte AES key: the 43-character EncodingAESKey is base64 without its trailing '='. */
function aesKey(encodingAESKey: string): Buffer {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new WechatCryptoError('the EncodingAESKey does not decode to 32 bytes');
  return key;
}

/**
 * Encrypt a message for WeChat: AES-256-CBC (IV = first 16 key bytes) over
 * 16 random bytes ‖ 4-byte big-endian length ‖ message ‖ appId, padded with
 * PKCS#7 to a multiple of 32 bytes; base64.
 */
export function encryptMessage(message: string, appId: string, encodingAESKey: string, random: Buffer = randomBytes(16)): string {
  const key = aesKey(encodingAESKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = PAD_BLOCK - (plain.length % PAD_BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** Decrypt a WeChat ciphertext into the message and the appId it was sealed for; throws `WechatCryptoError` on anything malformed. */
export function decryptMessage(encrypted: string, encodingAESKey: string): { message: string; appId: string } {
  const key = aesKey(encodingAESKey);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) throw new WechatCryptoError('the ciphertext is not base64');
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new WechatCryptoError('the ciphertext is not whole AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = padded[padded.length - 1]!;
  if (pad < 1 || pad > PAD_BLOCK || pad > padded.length || !padded.subarray(padded.length - pad).every((b) => b === pad)) {
    throw new WechatCryptoError('bad padding');
  }
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < 20) throw new WechatCryptoError('too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new WechatCryptoError('bad length');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return { message: decoder.decode(plain.subarray(20, 20 + length)), appId: decoder.decode(plain.subarray(20 + length)) };
  } catch {
    throw new WechatCryptoError('not UTF-8');
  }
}
