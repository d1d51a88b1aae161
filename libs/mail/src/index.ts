export * from './mail.types';
export * from './smtp-mail.transport';
export * from './mail.service';
export * from './mail.module';
export * from './send-mail.job';
