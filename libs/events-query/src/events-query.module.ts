import { Module } from '@nestjs/common';
import { EventsQueryController } from './events-query.controller';
import { EventsQueryService } from './events-query.service';

@Module({ controllers: [EventsQueryController], providers: [EventsQueryService], exports: [EventsQueryService] })
export class EventsQueryModule {}
