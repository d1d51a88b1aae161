import { Module } from '@nestjs/common';
import { EventsStoredHooksModule } from './events-stored.hooks';
import { StoreRowsJob } from './store-rows.job';

/** The ClickHouse writer (runs where the events queue is consumed) and its events-stored subscription point. */
@Module({ imports: [EventsStoredHooksModule], providers: [StoreRowsJob], exports: [EventsStoredHooksModule] })
export class EventsWriterModule {}
