import { Module } from '@nestjs/common';
import { AnalyticsCacheModule } from '@northstar/analytics';
import { SegmentService } from './segment.service';
import { SegmentsController } from './segments.controller';
import { SegmentsRecomputeJob } from './segments-recompute.job';

/** Customer segments (cohorts): assignment, membership history, custom rules, their HTTP routes and their job. */
@Module({
  imports: [AnalyticsCacheModule],
  controllers: [SegmentsController],
  providers: [SegmentService, SegmentsRecomputeJob],
  exports: [SegmentService, SegmentsRecomputeJob],
})
export class SegmentsModule {}
