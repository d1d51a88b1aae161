export * from './reconciliation';
export * from './project-hooks';
export * from './projects.service';
export * from './project-status-update.job';
export * from './projects.module';
