import { PrismaService } from '@northstar/prisma';
import { QueueJob, QueueName, type PendingJob, type QueueJobHandler } from '@northstar/queues';
import { statusUpdateJob } from './project-status-jobs';
import { ProjectsService } from './projects.service';

export interface ProjectStatusUpdatePayload {
  projectId: string;
  /** The project's nextStatusUpdateAt this job was planned for. */
  dueAt: string;
}

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** The customer's periodic progress summary of an active project (job id per project and due time). */
    'project-status-update': { queue: QueueName.Reminders; payload: ProjectStatusUpdatePayload };
  }
}

/**
 * Sends a due status update; sending plans the next one while the project stays active.
 * Postgres (nextStatusUpdateAt) says which update is due: a job planned for another
 * time (an update sent by hand since, or a stale copy) sends nothing, so one chain of
 * updates runs per project however often the job is added again.
 */
@QueueJob('project-status-update', QueueName.Reminders)
export class ProjectStatusUpdateJob implements QueueJobHandler<'project-status-update'> {
  constructor(
    private readonly projects: ProjectsService,
    private readonly prisma: PrismaService,
  ) {}

  async handle(payload: ProjectStatusUpdatePayload) {
    const p = await this.prisma.project.findUnique({ where: { id: payload.projectId }, select: { nextStatusUpdateAt: true } });
    if (p?.nextStatusUpdateAt?.toISOString() !== payload.dueAt) return { skipped: true, why: 'superseded' };
    return this.projects.sendStatusUpdate(payload.projectId, new Date(), true);
  }

  async pendingJobs(): Promise<PendingJob<'project-status-update'>[]> {
    const active = await this.prisma.project.findMany({ where: { status: 'active', nextStatusUpdateAt: { not: null } }, select: { id: true, nextStatusUpdateAt: true } });
    return active.flatMap((p) => (p.nextStatusUpdateAt ? [statusUpdateJob(p.id, p.nextStatusUpdateAt)] : []));
  }
}
