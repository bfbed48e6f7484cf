import { isIPv6 } from 'node:net';
import { scan, type Detector } from './detect-text.ts';

/**
 * Internet identifiers: email addresses (also inside URLs, `mailto:` and
 * percent-encoded `%40`) and IPv4 / IPv6 addresses (not version numbers,
 * dates or clock times).
 */

const EMAIL =
  /(?<![\w.%+-])([A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63}[A-Za-z0-9_-])?(?:@|%40)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24})(?![A-Za-z0-9-])/g;

export const detectEmail: Detector = (text, norm) => scan(text, norm, EMAIL);

const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(String.raw`(?<![\w.])${OCTET}(?:\.${OCTET}){3}(?![\w]|\.\d)`, 'g');
const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g;
/** Words that make four dotted numbers a version, not an address. */
const VERSION_CUE = /(?:\bv|\bversion|版本|\bver\.?)\s*$/i;

export const detectIp: Detector = function* (text, norm) {
  yield* scan(text, norm, IPV4, (m) => !VERSION_CUE.test(norm.slice(Math.max(0, m.index - 8), m.index)));
  yield* scan(text, norm, IPV6_CANDIDATE, (m) => {
    const groups = m[0].split(':').filter(Boolean);
    return isIPv6(m[0]) && groups.length >= 3 && groups.some((g) => /[a-f]/i.test(g) || g.length >= 3);
  });
};
