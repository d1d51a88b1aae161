/**
 * One row of the ClickHouse `events` table, exactly as inserted (JSONEachRow).
 * Timestamps are `YYYY-MM-DD HH:MM:SS.mmm` in UTC (see chTime) so both transports
 * parse them without `date_time_input_format` (which chdb would make sticky).
 * Producers (ingestion, the outbox relay) build it; the writer stores it;
 * readers (events query, analytics) read it back.
 */
export interface EventRow {
  event_id: string;
  message_id: string;
  type: string;
  event: string;
  source: string;
  user_id: string;
  anonymous_id: string;
  customer_id: string;
  account_id: string;
  timestamp: string;
  original_timestamp: string | null;
  sent_at: string | null;
  received_at: string;
  properties: string;
  context: string;
  traits: string;
  amount_minor: number;
  currency: string;
}
