/** Lines that introduce the quoted history a mail client appends below a reply. */
const HISTORY_HEADERS = [
  /^On\b.{0,300}\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^在.{0,300}写道[:：]\s*$/, // Chinese Gmail, Foxmail, QQ Mail
  /^-{2,}\s*(Original Message|原始邮件|Forwarded message|转发的邮件)\s*-{2,}\s*$/i, // Outlook, QQ Mail
  /^_{10,}\s*$/, // Outlook's rule above "From: … Sent: …"
];

const isQuoted = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string) => line.trim() === '';

/**
 * Split a plain-text email into what the customer wrote now and the history
 * their mail client quoted below it ("On … wrote:", "在…写道：", a trailing
 * block of `>` lines). Quoted lines between the customer's own lines stay,
 * so nothing they wrote is lost; when only history would remain, the whole
 * text is kept as the reply.
 *
 * @example stripQuotedReply('Yes please\n\nOn Mon, Ann wrote:\n> Refund?') // { reply: 'Yes please', quoted: 'On Mon, Ann wrote:\n> Refund?' }
 */
export function stripQuotedReply(text: string): { reply: string; quoted: string | null } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    // Gmail wraps a long "On … wrote:" over two lines.
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]!.trim()}` : line;
    const wrapped = /^(On\b|在)/.test(line) && HISTORY_HEADERS.slice(0, 2).some((re) => re.test(joined));
    if (wrapped || HISTORY_HEADERS.some((re) => re.test(line))) {
      cut = i;
      break;
    }
  }
  // A block of quoted (and blank) lines at the very end is history too.
  while (cut > 0 && (isQuoted(lines[cut - 1]!) || isBlank(lines[cut - 1]!))) cut--;
  const reply = lines.slice(0, cut).join('\n').trim();
  if (!reply) return { reply: text.trim(), quoted: null };
  const quoted = lines.slice(cut).join('\n').trim();
  return { reply, quoted: quoted || null };
}
