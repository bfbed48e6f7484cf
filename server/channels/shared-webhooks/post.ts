import { newId } from '../../lib/ids.ts';
import { PermanentDeliveryError } from '../types.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, hmacSignature, webhookSigningBase } from './signature.ts';

const TIMEOUT_MS = 10_000;
/** Enough of a response body for an id or an error message; the rest is not read. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SignedPostResponse {
  status: number;
  body: string;
}

async function readLimited(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_RESPONSE_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES);
}

/**
 * POST `payload` as JSON to `url`, signed with `secret`: `X-Kefu-Timestamp`
 * (Unix seconds), `X-Kefu-Signature: sha256=<hex HMAC of "<timestamp>.<body>">`
 * and `X-Kefu-Delivery` (a fresh `dlv_…` per attempt). Redirects are not
 * followed. A network error or timeout (10 s) throws, so the delivery job
 * retries; any HTTP answer is returned for `assertAccepted`.
 */
export async function postSigned(url: string, secret: string, payload: unknown): Promise<SignedPostResponse> {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kefu',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: hmacSignature(secret, webhookSigningBase(timestamp, body)),
        [DELIVERY_HEADER]: newId('delivery'),
      },
      body,
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new Error(`POST ${new URL(url).host} failed: ${cause}`, { cause: err });
  }
  return { status: res.status, body: await readLimited(res) };
}

/**
 * Decide what a signed POST's answer means for delivery: 2xx is accepted;
 * 408, 429 and 5xx throw (retry later); a redirect or any other 4xx throws
 * `PermanentDeliveryError` (the receiver refuses it; retrying will not help).
 */
export function assertAccepted(res: SignedPostResponse, what: string): void {
  if (res.status >= 200 && res.status < 300) return;
  const detail = `${what} answered HTTP ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`;
  if (res.status >= 300 && res.status < 400) throw new PermanentDeliveryError(`${detail} (redirects are not followed; configure the final URL)`);
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentDeliveryError(detail);
  throw new Error(detail);
}
