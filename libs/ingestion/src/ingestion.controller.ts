import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { RateLimit, WriteKey } from '@northstar/access';
import { ApiError } from '@northstar/http';
import { IngestionService } from './ingestion.service';
import { validateBatch, validateSingle, type TrackingMessageType, type ValidationResult } from './tracking-message.schema';
import { WriteKeyGuard, type IngestionRequest } from './write-key.guard';

/**
 * Segment-compatible HTTP tracking API. Answers `{ success: true }` like Segment;
 * 400 names the message index and field; 401 for a bad key; 503 when the queue is
 * unreachable (SDKs retry 5xx).
 */
@ApiTags('ingestion')
@ApiBasicAuth()
@Controller('v1')
@WriteKey()
// One budget per write key across all /v1 routes; checked (global guard) before the key lookup.
// Sized for the stream's target (20,000 events/s ≈ 200 batches/s from one source) with headroom;
// it stops a runaway client, not normal SDK traffic.
@RateLimit({ points: 60_000, durationSec: 60, by: 'key', name: 'ingestion' })
@UseGuards(WriteKeyGuard)
export class IngestionController {
  constructor(private readonly ingestion: IngestionService) {}

  private async accept(req: IngestionRequest, result: ValidationResult) {
    if (!result.ok) throw ApiError.validation(result.problems);
    await this.ingestion.accept(req.writeKey!.source, result.messages, result.envelope);
    return { success: true };
  }

  @Post('batch')
  @HttpCode(200)
  batch(@Req() req: IngestionRequest, @Body() body: unknown) {
    return this.accept(req, validateBatch(body, req.rawBody?.length));
  }

  private single(type: TrackingMessageType, req: IngestionRequest, body: unknown) {
    return this.accept(req, validateSingle(type, stripKey(body), req.rawBody?.length));
  }

  @Post('track')
  @HttpCode(200)
  track(@Req() req: IngestionRequest, @Body() body: unknown) {
    return this.single('track', req, body);
  }
  @Post('identify')
  @HttpCode(200)
  identify(@Req() req: IngestionRequest, @Body() body: unknown) {
    return this.single('identify', req, body);
  }
  @Post('page')
  @HttpCode(200)
  page(@Req() req: IngestionRequest, @Body() body: unknown) {
    return this.single('page', req, body);
  }
  @Post('screen')
  @HttpCode(200)
  screen(@Req() req: IngestionRequest, @Body() body: unknown) {
    return this.single('screen', req, body);
  }
  @Post('group')
  @HttpCode(200)
  group(@Req() req: IngestionRequest, @Body() body: unknown) {
    return this.single('group', req, body);
  }
  @Post('alias')
  @HttpCode(200)
  alias(@Req() req: IngestionRequest, @Body() body: unknown) {
    return this.single('alias', req, body);
  }
}

function stripKey(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('writeKey' in body)) return body;
  const { writeKey: _k, ...rest } = body as Record<string, unknown>;
  return rest;
}
