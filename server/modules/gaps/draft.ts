import { maskPii, type PiiKind } from '../pii/index.ts';
import { mostCentral } from './cluster.ts';
import { fitVectorizer } from './vectors.ts';

/**
 * Draft answers for suggested FAQ items, from what agents replied to the
 * questions: the agent's first substantive reply after each question, the
 * most central of those across the cluster (the reply most agents agree
 * with), with phone numbers and emails masked — a draft is shown to editors
 * and may become a public answer.
 */

/** Openers and fillers that are not an answer ("您好，请稍等", "let me check"). */
const FILLER =
  /您好|你好|亲亲?|在的|在呢|请稍等|稍等|马上为您|我(?:帮您|给您|这边)?(?:查|看)一下|好的|收到|感谢您的耐心等待|\b(?:hi|hello|hey|thanks for waiting|one moment|let me check|sure|ok(?:ay)?|please)\b/giu;
const MIN_ANSWER_CHARS = 6;

/**
 * Whether an agent's reply answers something, rather than greeting or stalling.
 *
 * @example isSubstantiveReply('您好，请稍等') // false
 * @example isSubstantiveReply('可以开电子发票，在订单详情里申请') // true
 */
export function isSubstantiveReply(text: string): boolean {
  const rest = text.replace(FILLER, ' ');
  // A Chinese character says about half what a word does.
  const han = rest.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = rest.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return han + 2 * words >= MIN_ANSWER_CHARS;
}

/** What a draft hides: ways to reach a person. */
const CONTACT_KINDS: ReadonlySet<PiiKind> = new Set(['mobile', 'landline', 'intl_phone', 'email']);

/**
 * Hide phone numbers and emails in a text (`138****5678`, `***@shop.example`),
 * with the pii module's detectors (order and tracking numbers stay readable).
 *
 * @example maskContacts('打 13812345678 或写信 li@shop.example') // '打 138****5678 或写信 ***@shop.example'
 */
export function maskContacts(text: string): string {
  return maskPii(text, { kinds: CONTACT_KINDS });
}

/** The draft answer for one cluster: the most central of the agents' replies, masked; null without any. */
export function draftAnswer(replies: readonly string[]): string | null {
  const candidates = [...new Set(replies.map((r) => r.trim()).filter(Boolean))];
  if (candidates.length === 0) return null;
  const vectorizer = fitVectorizer(candidates);
  const at = mostCentral(candidates.map((r) => vectorizer.vector(r)));
  return maskContacts(candidates[Math.max(at, 0)]!);
}
