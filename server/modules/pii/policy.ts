import type { Access } from '../../lib/http.ts';

/**
 * `privacy.manage` edits what is detected and where it is masked;
 * `pii.reveal` shows one masked message or contact field in clear (audited).
 * Both are held by the built-in admin role only.
 */
export const piiPolicy = {
  settings: 'privacy.manage',
  reveal: 'pii.reveal',
} as const satisfies Record<string, Access>;
