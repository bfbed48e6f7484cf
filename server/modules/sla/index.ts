export {
  businessCalendars,
  slaPolicies,
  slaTimers,
  type SlaTarget,
  type BusinessCalendarRow,
  type SlaPolicyRow,
  type SlaTimerRow,
} from './schema.ts';
export { registerSlaRoutes } from './routes.ts';
export { registerSlaListeners } from './events.ts';
export { fireSlaTimersJob, sweepSlaTimersJob } from './jobs.ts';
export { sweepSlaTimers, reconcileTicket } from './timers-service.ts';
export { addBusinessMinutes, businessMinutesBetween, isOpenAt, type CalendarSpec } from './calendar-math.ts';
export { isBusinessTime, type PolicyFacts } from './business-hours.ts';
export { ensureDemoSla } from './demo.ts';
export { customerDueAt, slaDueAt, type SlaTargetName } from './due.ts';
