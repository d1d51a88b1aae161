import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '@northstar/access';
import { ApiZodBody, zod } from '@northstar/http';
import { ExistingMessagesSchema, ReplayHistorySchema, type ReplayHistoryInput } from './demo-admin.schemas';
import { ExistingMessagesService } from './existing-messages.service';
import { HistoryReplayService } from '../replay/history-replay.service';

/** The demo loader's admin-only entry points (role matrix: Administration). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@Staff()
export class DemoAdminController {
  constructor(
    private readonly replayer: HistoryReplayService,
    private readonly messages: ExistingMessagesService,
  ) {}

  @Post('demo/replay')
  @HttpCode(200)
  @ApiOperation({ summary: "Replay demo customers' history through the domain services, back-dated step by step; a customer already replayed is skipped" })
  @ApiZodBody(ReplayHistorySchema)
  async replay(@Body(zod(ReplayHistorySchema)) body: ReplayHistoryInput) {
    const world = this.replayer.world({ seed: body.seed, customers: body.customers, end: body.end, spanDays: body.spanDays, currency: body.currency });
    return { customers: await this.replayer.replay(world, body.keys, new Set(body.skipJobs), body.concurrency) };
  }

  @Post('import/existing-messages')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which of these message ids are already in the events table (lets importers skip what is there)' })
  @ApiZodBody(ExistingMessagesSchema)
  existing(@Body(zod(ExistingMessagesSchema)) body: { messageIds: string[] }) {
    return this.messages.existing(body.messageIds);
  }
}
