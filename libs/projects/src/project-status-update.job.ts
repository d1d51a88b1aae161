import { QueueJob, QueueName, type QueueJobHandler } from '@northstar/queues';
import { ProjectsService } from './projects.service';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** The customer's periodic progress summary of an active project (job id per project and due time). */
    'project-status-update': { queue: QueueName.Reminders; payload: { projectId: string } };
  }
}

/** Sends a due status update; sending plans the next one while the project stays active. */
@QueueJob('project-status-update', QueueName.Reminders)
export class ProjectStatusUpdateJob implements QueueJobHandler<'project-status-update'> {
  constructor(private readonly projects: ProjectsService) {}

  handle(payload: { projectId: string }) {
    return this.projects.sendStatusUpdate(payload.projectId, new Date(), true);
  }
}
