import { chTime, type EventRow } from '@northstar/contracts';
import { EventsStoredHooks } from '@northstar/events-writer';
import { QueuesModule } from '@northstar/queues';
import { HealthRecomputeRequests } from './health-recompute-requests';
import { HealthScoreModule } from './health-score.module';
import { createIntelligenceTestContext, type IntelligenceTestContext } from '@northstar/health/testing';

const row = (over: Partial<EventRow>): EventRow => ({
  event_id: '00000000-0000-4000-8000-000000000000',
  message_id: 'm',
  type: 'track',
  event: 'E',
  source: 'outbox',
  user_id: '',
  anonymous_id: '',
  customer_id: '',
  account_id: '',
  timestamp: chTime(new Date()),
  original_timestamp: null,
  sent_at: null,
  received_at: chTime(new Date()),
  properties: '{}',
  context: '{}',
  traits: '{}',
  amount_minor: 0,
  currency: '',
  ...over,
});

describe('health subscribes to events stored', () => {
  let ctx: IntelligenceTestContext;

  beforeAll(async () => {
    ctx = await createIntelligenceTestContext(() => ({ imports: [QueuesModule.forRoot(), HealthScoreModule] }));
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('asks a recompute for the customers of stored lifecycle rows only', async () => {
    await ctx.app.get(EventsStoredHooks).eventsStored([
      row({ type: 'lifecycle', event: 'Invoice Paid', customer_id: 'c-paid' }),
      row({ type: 'track', event: 'Page Viewed', customer_id: 'c-browsing' }),
      row({ type: 'lifecycle', event: 'Inquiry Received', customer_id: '' }),
      row({ type: 'lifecycle', event: 'Quote Sent', customer_id: 'c-quoted' }),
    ]);
    expect((await ctx.app.get(HealthRecomputeRequests).takePending()).sort()).toEqual(['c-paid', 'c-quoted']);
  });
});
