export { detectPii, isResidentId, isValidCnId, passesLuhn, piiKinds } from './detect.ts';
export type { CustomPiiPattern, DetectOptions, PiiKind, PiiSpan } from './detect.ts';
export { CUSTOM_INPUT_CAP, CUSTOM_PATTERN_MAX_LENGTH, validateCustomPattern } from './detect-custom.ts';
export type { CustomPatternCheck, CustomPatternProblem } from './detect-custom.ts';
export { maskForLog, maskPii, maskSpans, maskValue } from './mask.ts';
export { maskPhoneNumber } from './mask-phone.ts';
