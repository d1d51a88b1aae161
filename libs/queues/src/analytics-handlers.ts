/**
 * The Analytics queue has ONE processor (libs/interventions IntelligenceAnalyticsProcessor):
 * two @Processor classes on one queue would each take any job. Concerns outside that lib
 * (e.g. libs/analytics KPI snapshots) register a handler per job type here, from their
 * module's onModuleInit; the processor dispatches types it does not know itself to them.
 */
export type AnalyticsJobHandler = (payload: Record<string, unknown>, job: { id?: string; name: string }) => Promise<unknown>;

const handlers = new Map<string, AnalyticsJobHandler>();

export function registerAnalyticsHandler(type: string, handler: AnalyticsJobHandler): void {
  handlers.set(type, handler);
}

export function analyticsHandler(type: string): AnalyticsJobHandler | undefined {
  return handlers.get(type);
}
