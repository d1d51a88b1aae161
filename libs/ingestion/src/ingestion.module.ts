import { Module } from '@nestjs/common';
import { IngestionController } from './ingestion.controller';
import { IngestionService } from './ingestion.service';
import { WriteKeyGuard } from './write-key.guard';
import { WriteKeyService } from './write-key.service';
import { WriteKeysController } from './write-keys.controller';

@Module({
  controllers: [IngestionController, WriteKeysController],
  providers: [IngestionService, WriteKeyService, WriteKeyGuard],
  exports: [WriteKeyService],
})
export class IngestionModule {}
