export type Speaker = 'customer' | 'agent' | 'ivr';
export type TranscriptLocale = 'zh-CN' | 'en';

export interface Segment {
  speaker: Speaker;
  text: string;
  startMs?: number;
  endMs?: number;
}

const labels: Record<TranscriptLocale, Record<Speaker, string>> = {
  'zh-CN': { customer: '客户', agent: '客服', ivr: '语音导航' },
  en: { customer: 'Customer', agent: 'Agent', ivr: 'IVR' },
};

/**
 * The transcript as agents read it in the conversation: one line per
 * segment, labelled by speaker; blank segments are left out.
 *
 * @example transcriptText([{ speaker: 'customer', text: '我的快递到哪了？' }], 'zh-CN') // '客户: 我的快递到哪了？'
 */
export function transcriptText(segments: Segment[], locale: TranscriptLocale): string {
  return segments
    .filter((s) => s.text.trim())
    .map((s) => `${labels[locale][s.speaker]}: ${s.text.trim()}`)
    .join('\n');
}

/**
 * Length of the call in whole seconds: from start to end when the end is
 * known, else to the end of the last timed segment; null when neither is.
 *
 * @example callDurationSec('2024-05-01T10:00:00Z', '2024-05-01T10:02:05Z', []) // 125
 */
export function callDurationSec(startedAt: string, endedAt: string | undefined, segments: Segment[]): number | null {
  if (endedAt) return Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000));
  const lastEnd = Math.max(-1, ...segments.map((s) => s.endMs ?? s.startMs ?? -1));
  return lastEnd >= 0 ? Math.round(lastEnd / 1000) : null;
}
