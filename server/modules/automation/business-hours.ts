/**
 * Whether a workspace is inside its business hours at a moment: what the
 * `business_hours` condition reads. Kefu's default is open 24×7; the SLA
 * module's business calendars plug in with {@link useBusinessHours}.
 */
export interface BusinessHoursPort {
  isOpen(workspaceId: string, at: Date): Promise<boolean>;
}

export const alwaysOpen: BusinessHoursPort = { isOpen: async () => true };

let port: BusinessHoursPort = alwaysOpen;

/** Replace the business-hours source (boot wires the SLA calendars here). */
export function useBusinessHours(next: BusinessHoursPort): void {
  port = next;
}

/** @example await businessHours().isOpen('wsp_…', new Date()) // true by default */
export function businessHours(): BusinessHoursPort {
  return port;
}
