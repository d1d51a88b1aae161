import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventsStoredHooks } from '@northstar/events-writer';
import { AnalyticsDataVersion } from './data-version.service';

/** Cached analytics results carry the data version they were computed at: new events advance it. */
@Injectable()
export class AnalyticsEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly hooks: EventsStoredHooks,
    private readonly dataVersion: AnalyticsDataVersion,
  ) {}

  onModuleInit(): void {
    // Throttled and never throws, so the writer is not held by it.
    this.hooks.onEventsStored('analytics-data-version', () => this.dataVersion.changed());
  }
}
