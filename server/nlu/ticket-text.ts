/**
 * Greetings and sign-offs say nothing about what a ticket is about, but a
 * word in them ("Hello **support**", "Regards, Sam") can pull a small model
 * towards a class that happens to use it. They are cut before the ticket
 * classifier sees the text, in training and prediction alike.
 */
const LEADING = [
  /^\s*(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))(?:\s+(?:there|team|all|sir|madam|support|support team|customer service|guys))?\s*[,.!:;-]*\s*/i,
  /^\s*to whom it may concern\s*[:,]?\s*/i,
  /^\s*(?:你好|您好|hi|hello|在吗|在不在|亲|客服|客服你好|客服您好|麻烦问下|请问一下)(?:呀|啊|哈|呢|亲)?\s*[，,。.！!？?~～\s]*/i,
];

const TRAILING = [
  /\s*(?:thanks|thank you|thx|cheers|regards|best|kind regards|best regards|many thanks|thanks in advance|please advise|looking forward to (?:your|a) (?:reply|response|answer)|hope to hear from you soon)\b[^.!?\n]{0,20}[.!]*\s*$/i,
  /\s*(?:谢谢|谢了|多谢|感谢|辛苦了|在线等|等回复|有人吗|谢谢啦|麻烦了)[！!。.~～\s]*$/,
];

/** The text without its greeting and sign-off (repeated ones too); the text itself when nothing else would be left. */
export function stripPleasantries(text: string): string {
  let out = text;
  for (let round = 0; round < 3; round++) {
    const before = out;
    for (const pattern of LEADING) out = out.replace(pattern, '');
    for (const pattern of TRAILING) out = out.replace(pattern, '');
    if (out === before) break;
  }
  return out.trim() || text.trim();
}
