import { z } from 'zod';
import { piiKinds, type CustomPiiPattern, type PiiKind } from './detect.ts';

/** Where personal information leaves the database; each has its own masking policy. */
export const piiSurfaces = ['console', 'logs', 'analytics', 'exports', 'webhooks', 'llm'] as const;
export type PiiSurface = (typeof piiSurfaces)[number];

export const maskModes = ['mask', 'clear'] as const;
export type MaskMode = (typeof maskModes)[number];

/** One surface's policy: a default, and per role id (`rol_…`) an override. */
export const surfacePolicySchema = z.object({
  default: z.enum(maskModes),
  roles: z.record(z.string().regex(/^rol_[0-9a-z]{26}$/), z.enum(maskModes)).default({}),
});

export const customPatternSchema = z.object({
  name: z.string().trim().min(1).max(60),
  pattern: z.string().min(1).max(200),
});

/** A workspace's privacy settings as the API reads and writes them (the settings page saves everything at once). */
export const privacySettingsSchema = z.object({
  kinds: z.array(z.enum(piiKinds)).max(piiKinds.length),
  customPatterns: z.array(customPatternSchema).max(20),
  policy: z.object(Object.fromEntries(piiSurfaces.map((s) => [s, surfacePolicySchema])) as Record<PiiSurface, typeof surfacePolicySchema>),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

/** Masked everywhere, every kind detected, no custom pattern. */
export function defaultPrivacySettings(): PrivacySettings {
  return {
    kinds: [...piiKinds],
    customPatterns: [],
    policy: Object.fromEntries(piiSurfaces.map((s) => [s, { default: 'mask', roles: {} }])) as PrivacySettings['policy'],
  };
}

/** Stored settings over the defaults (a surface missing from an older row stays masked). */
export function withDefaults(stored: Partial<PrivacySettings> | null | undefined): PrivacySettings {
  const base = defaultPrivacySettings();
  if (!stored) return base;
  return {
    kinds: stored.kinds ?? base.kinds,
    customPatterns: stored.customPatterns ?? [],
    policy: { ...base.policy, ...stored.policy },
  };
}

/** Why a custom pattern is refused, or null when it is usable. */
export function customPatternProblem(pattern: string): string | null {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'gu');
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message}`;
  }
  if (re.test('')) return 'matches the empty string';
  // A quantified group that itself ends in a quantifier ((a+)+, (\d*)*) can take exponential time on a near-miss.
  if (/\((?:[^()\\]|\\.)*[+*}]\)[+*{?]/.test(pattern)) return 'nested quantifiers (e.g. (a+)+) are refused: they can take exponential time';
  if (/\\[1-9]/.test(pattern)) return 'back-references are refused';
  return null;
}

/** What a surface needs at run time: the detect options and each role's mode. */
export interface CompiledPrivacy {
  settings: PrivacySettings;
  kinds: ReadonlySet<PiiKind>;
  custom: readonly CustomPiiPattern[];
}

/** Settings ready for masking; custom patterns that no longer compile are left out. */
export function compilePrivacy(settings: PrivacySettings): CompiledPrivacy {
  const kinds = new Set<PiiKind>(settings.kinds);
  if (settings.customPatterns.length) kinds.add('custom');
  const custom = settings.customPatterns.filter((p) => customPatternProblem(p.pattern) === null);
  return { settings, kinds, custom };
}

/** The mode of `surface` for a caller of `roleId` (`undefined`: no role, e.g. a webhook). */
export function modeFor(compiled: CompiledPrivacy, surface: PiiSurface, roleId?: string): MaskMode {
  const policy = compiled.settings.policy[surface];
  return (roleId !== undefined ? policy.roles[roleId] : undefined) ?? policy.default;
}
