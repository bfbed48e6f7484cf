import type { Access } from '../../lib/http.ts';

/** Help center ticket settings are part of ticket configuration. */
export const portalAccessPolicy = {
  readSettings: 'tickets.read',
  updateSettings: 'tickets.configure',
} as const satisfies Record<string, Access>;
