import type { Provider } from '@nestjs/common';
import { JobReconciler } from './job-reconciler';
import { ReconcileJobsJob } from './reconcile-jobs.job';
import { ReconcileWatch } from './reconcile-watch';

export * from './job-reconciler';
export * from './reconcile-jobs.job';
export * from './reconcile-watch';

/** What a worker process provides beside its queue processors (WorkersHostModule). */
export const JOB_RECONCILER_PROVIDERS: Provider[] = [JobReconciler, ReconcileJobsJob, ReconcileWatch];
