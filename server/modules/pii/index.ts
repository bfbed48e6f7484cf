export { detectPii, isValidCnId, passesLuhn, piiKinds } from './detect.ts';
export type { CustomPiiPattern, DetectOptions, PiiKind, PiiSpan } from './detect.ts';
export { maskPii, maskSpans, maskValue } from './mask.ts';
