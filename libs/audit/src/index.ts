export * from './audit.decorators';
export * from './audit.service';
export * from './audit.interceptor';
export * from './audit.controller';
export * from './audit.module';
