export * from './intake.schemas';
export * from './intake.options';
export * from './intake.service';
export * from './intake.controller';
export * from './intake.module';
export * from './routing';
export * from './spam';
