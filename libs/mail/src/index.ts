export * from './mail.types';
export * from './smtp-mail.transport';
export * from './mail.service';
export * from './mail.module';
export * from './notifications.processor';
export * from './notification-handlers';
