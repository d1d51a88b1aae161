import type { ClickhouseService } from '@northstar/clickhouse';
import { ChurnService } from '@northstar/churn';
import { HealthScoreService } from '@northstar/health';
import { LifecycleTransaction } from '@northstar/outbox';
import type { PrismaService } from '@northstar/prisma';
import { SegmentService } from '@northstar/segments';
import { DeskService } from './desk.service';
import { InterventionActions } from './intervention-actions.service';
import { InterventionEngine } from './intervention-engine';
import { DefaultMessenger, type InterventionMessenger } from './messenger';

export interface IntelligenceServices {
  health: HealthScoreService;
  churn: ChurnService;
  segments: SegmentService;
  actions: InterventionActions;
  engine: InterventionEngine;
  desk: DeskService;
}

/**
 * Builds the intelligence services from the platform's global ones. Processors use
 * this (the standalone workers app imports only Config/Prisma/ClickHouse/queues);
 * the HTTP module uses the same factory, so both see identical wiring.
 */
export function createIntelligenceServices(deps: {
  clickhouse: ClickhouseService;
  prisma: PrismaService;
  lifecycle?: LifecycleTransaction;
  messenger?: InterventionMessenger;
  /** MailService (libs/mail) when the process has it: email actions are queued through it. */
  mail?: ConstructorParameters<typeof DefaultMessenger>[0];
}): IntelligenceServices {
  const health = new HealthScoreService(deps.clickhouse, deps.prisma);
  const churn = new ChurnService(deps.clickhouse, deps.prisma);
  const segments = new SegmentService(deps.clickhouse, deps.prisma);
  const actions = new InterventionActions(deps.prisma, segments, deps.messenger ?? new DefaultMessenger(deps.mail));
  const engine = new InterventionEngine(deps.clickhouse, deps.prisma, deps.lifecycle ?? new LifecycleTransaction(deps.prisma), actions);
  return { health, churn, segments, actions, engine, desk: new DeskService(deps.prisma) };
}

export const INTELLIGENCE = Symbol('INTELLIGENCE');
