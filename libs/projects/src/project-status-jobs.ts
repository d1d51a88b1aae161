import type { PendingJob } from '@northstar/queues';

/** The queue job of a project's status update due at `at`: one id per project and due time, so planning it twice adds it once. */
export function statusUpdateJob(projectId: string, at: Date): PendingJob<'project-status-update'> {
  return { jobId: `project-status:${projectId}:${at.getTime()}`, payload: { projectId, dueAt: at.toISOString() }, runAt: at };
}
