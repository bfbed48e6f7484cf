import type { Access } from '../../lib/http.ts';

/** Everyone who reads tickets may see the SLA rules behind their due times; `sla.manage` changes them. */
export const slaPolicy = {
  read: 'tickets.read',
  manage: 'sla.manage',
} as const satisfies Record<string, Access>;
