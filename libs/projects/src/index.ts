export * from './reconciliation';
export * from './project-hooks';
export * from './projects.service';
export * from './projects.module';
