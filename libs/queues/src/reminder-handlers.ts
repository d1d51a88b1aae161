/**
 * The Reminders queue has ONE processor (libs/workers-host RemindersProcessor): two
 * @Processor classes on one queue would each take any job. Concerns (appointment
 * reminders, quote expiry/follow-ups, invoice reminders) register a handler per job
 * type here, usually from their module's onModuleInit.
 */
export type ReminderHandler = (payload: Record<string, unknown>, job: { id?: string; name: string }) => Promise<unknown>;

const handlers = new Map<string, ReminderHandler>();

export function registerReminderHandler(type: string, handler: ReminderHandler): void {
  handlers.set(type, handler);
}

export function reminderHandler(type: string): ReminderHandler | undefined {
  return handlers.get(type);
}
