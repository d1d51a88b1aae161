import { Injectable } from '@nestjs/common';
import type { BillingHookContext } from '@northstar/invoices';
import type { Project } from '@northstar/prisma';

export type ProjectCompletedHook = (ctx: BillingHookContext, project: Project) => Promise<void>;

/** In-transaction hooks on project completion (after-care: surveys, loyalty points). */
@Injectable()
export class ProjectHooks {
  private readonly completed = new Map<string, ProjectCompletedHook>();
  onCompleted(name: string, hook: ProjectCompletedHook) {
    this.completed.set(name, hook);
  }
  async projectCompleted(ctx: BillingHookContext, project: Project) {
    for (const h of this.completed.values()) await h(ctx, project);
  }
}
