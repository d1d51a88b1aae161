import { Injectable } from '@nestjs/common';
import { ClickhouseService } from '@northstar/clickhouse';

/** Which tracked message ids the events table already holds, so a re-run of the loader sends only what is missing. */
@Injectable()
export class ExistingMessagesService {
  constructor(private readonly clickhouse: ClickhouseService) {}

  async existing(messageIds: string[]): Promise<{ existing: string[] }> {
    const rows = await this.clickhouse.query<{ message_id: string }>(`SELECT DISTINCT message_id FROM events WHERE message_id IN {ids:Array(String)}`, { ids: messageIds });
    return { existing: rows.map((r) => r.message_id) };
  }
}
