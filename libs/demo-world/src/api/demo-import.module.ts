import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HistoryImportController } from './history-import.controller';
import { HistoryImportService } from './history-import.service';
import { OccurredAtInterceptor } from './occurred-at.interceptor';

/** Admin-only import paths: back-dated lifecycle writes and historical event import. */
@Module({
  controllers: [HistoryImportController],
  providers: [HistoryImportService, { provide: APP_INTERCEPTOR, useClass: OccurredAtInterceptor }],
})
export class DemoImportModule {}
