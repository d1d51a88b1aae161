import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventRow } from '@northstar/contracts';
import { EventsStoredHooks } from '@northstar/events-writer';
import { HealthRecomputeRequests } from './health-recompute-requests';

/** The customers whose lifecycle rows are among these: only those rows are health inputs. */
export function lifecycleCustomerIds(rows: readonly EventRow[]): string[] {
  return rows.filter((r) => r.type === 'lifecycle' && r.customer_id).map((r) => r.customer_id);
}

/** New lifecycle rows ask for a debounced health recompute (best effort: the scheduled full run catches up). */
@Injectable()
export class HealthEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly hooks: EventsStoredHooks,
    private readonly requests: HealthRecomputeRequests,
  ) {}

  onModuleInit(): void {
    this.hooks.onEventsStored('health-recompute', (rows) => this.requests.request(lifecycleCustomerIds(rows)));
  }
}
