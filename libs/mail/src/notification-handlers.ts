/**
 * The Notifications queue has ONE processor (libs/mail): two @Processor classes on the
 * same queue would each take any job. Other concerns (SMS reminders, webhooks) plug in
 * here by job type instead of adding a processor.
 */
export type NotificationHandler = (payload: Record<string, unknown>) => Promise<unknown>;

const handlers = new Map<string, NotificationHandler>();

export function registerNotificationHandler(type: string, handler: NotificationHandler): void {
  handlers.set(type, handler);
}

export function notificationHandler(type: string): NotificationHandler | undefined {
  return handlers.get(type);
}
