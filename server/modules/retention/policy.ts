import type { Access } from '../../lib/http.ts';

/** Everything about data rights is for admins (`privacy.manage`): retention, export, erase. */
export const privacyPolicy = {
  retention: 'privacy.manage',
  export: 'privacy.manage',
  erase: 'privacy.manage',
} as const satisfies Record<string, Access>;
