import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '@northstar/access';
import { ApiZodBody, zod } from '@northstar/http';
import { ExistingMessagesSchema, ImportLifecycleEventsSchema, type ImportLifecycleEventsInput } from './history-import.schemas';
import { HistoryImportService } from './history-import.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/import')
@Staff()
export class HistoryImportController {
  constructor(private readonly service: HistoryImportService) {}

  @Post('lifecycle-events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import historical lifecycle events (source = import); idempotent by eventId' })
  @ApiZodBody(ImportLifecycleEventsSchema)
  import(@Body(zod(ImportLifecycleEventsSchema)) body: ImportLifecycleEventsInput) {
    return this.service.import(body);
  }

  @Post('existing-messages')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which of these message ids are already in the events table (lets importers skip what is there)' })
  @ApiZodBody(ExistingMessagesSchema)
  existing(@Body(zod(ExistingMessagesSchema)) body: { messageIds: string[] }) {
    return this.service.existingMessages(body.messageIds);
  }
}
