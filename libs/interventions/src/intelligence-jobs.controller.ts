import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { Staff } from '@northstar/access';
import { ChurnScoreJob, ChurnTrainJob } from '@northstar/churn';
import { HealthRecomputeAllJob } from '@northstar/health';
import { zod } from '@northstar/http';
import type { JobName } from '@northstar/queues';
import { SegmentsRecomputeJob } from '@northstar/segments';
import { InterventionsEvaluateJob } from './interventions-evaluate.job';

const RUN_JOBS = ['health-recompute-all', 'churn-train', 'churn-score', 'segments-recompute', 'interventions-evaluate'] as const satisfies readonly JobName[];
const RunJobs = z.object({ jobs: z.array(z.enum(RUN_JOBS)).min(1).max(10) });

/**
 * Admin "run now": runs the scheduled intelligence jobs synchronously, in the order
 * given (e.g. after a bulk import, so the desk does not wait for the hourly/6-hourly
 * schedules) — the same job classes the queue workers run.
 */
@Controller('intelligence')
@Staff()
export class IntelligenceJobsController {
  private readonly jobs: Record<(typeof RUN_JOBS)[number], { handle(): Promise<unknown> }>;

  constructor(
    healthRecomputeAll: HealthRecomputeAllJob,
    churnTrain: ChurnTrainJob,
    churnScore: ChurnScoreJob,
    segmentsRecompute: SegmentsRecomputeJob,
    interventionsEvaluate: InterventionsEvaluateJob,
  ) {
    this.jobs = {
      'health-recompute-all': healthRecomputeAll,
      'churn-train': churnTrain,
      'churn-score': churnScore,
      'segments-recompute': segmentsRecompute,
      'interventions-evaluate': interventionsEvaluate,
    };
  }

  @Post('jobs/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: run health recompute, churn train/score, segments recompute and/or rule evaluation now, in order' })
  async runJobs(@Body(zod(RunJobs)) body: z.infer<typeof RunJobs>) {
    const out: { job: string; ms: number; result: unknown }[] = [];
    for (const job of body.jobs) {
      const t0 = Date.now();
      let result: unknown;
      // One job failing (e.g. too little history to train a churn model) does not stop the rest.
      try {
        result = await this.jobs[job].handle();
      } catch (e) {
        result = { error: (e as Error).message };
      }
      out.push({ job, ms: Date.now() - t0, result });
    }
    return out;
  }
}
