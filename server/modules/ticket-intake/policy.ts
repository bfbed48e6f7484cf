import type { Access } from '../../lib/http.ts';

/** Everyone who reads tickets sees the mapping; those who configure tickets change it. */
export const ticketIntakePolicy = {
  read: 'tickets.read',
  update: 'tickets.configure',
} as const satisfies Record<string, Access>;
