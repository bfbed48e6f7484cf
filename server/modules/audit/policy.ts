import type { Access } from '../../lib/http.ts';

export const auditPolicy = {
  list: 'audit.read',
} as const satisfies Record<string, Access>;
