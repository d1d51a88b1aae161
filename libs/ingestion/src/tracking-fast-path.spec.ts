import { BatchEnvelopeSchema, TrackingMessageSchema } from './tracking-message.schema';
import { fastEnvelope, fastMessage } from './tracking-fast-path';

/**
 * The fast path may only say "valid, and here is what zod would have returned" or
 * "not sure". Checked over a grid of good and bad values for every field: whenever
 * the fast path accepts, zod must accept with the same output.
 */
const values: Record<string, unknown[]> = {
  type: ['track', 'identify', 'page', 'screen', 'group', 'alias', 'bogus', 1, undefined],
  messageId: ['m-1', '', 'x'.repeat(257), 5, null, undefined],
  userId: ['u1', 42, '', null, undefined, 'x'.repeat(257), true, { a: 1 }],
  anonymousId: ['a1', 0, null, undefined, ''],
  previousId: ['p1', null, undefined, 7],
  groupId: ['g1', null, undefined, 3.5],
  timestamp: [
    '2026-01-01T10:00:00.000Z',
    '2026-01-01T10:00:00+02:00',
    '2026-01-01 10:00',
    '2026-01-01',
    '2026-02-30T10:00:00Z',
    '1969-12-31T23:59:59Z',
    '2200-01-01T00:00:00Z',
    'yesterday',
    '2026-13-01T00:00:00Z',
    1735725600000,
    null,
    undefined,
  ],
  sentAt: ['2026-01-01T10:00:01.000Z', 'nope', null, undefined],
  originalTimestamp: ['2025-12-31T23:00:00Z', undefined, ''],
  context: [{ ip: '1.2.3.4' }, undefined, null, [], 'x', Object.create(null)],
  properties: [{ a: 1 }, undefined, [1], 'x', null],
  traits: [{ email: 'a@b.c' }, undefined, 3],
  integrations: [{ All: true }, undefined, false],
  event: ['Clicked', '', undefined, null, 'e'.repeat(513), 9],
  name: ['Home', null, undefined, 'n'.repeat(513), 1],
  category: ['Docs', null, undefined, 2],
  extra: ['ignored', undefined],
};

function* messages(): Generator<Record<string, unknown>> {
  const base = { type: 'track', messageId: 'm-1', userId: 'u1', event: 'Clicked', timestamp: '2026-01-01T10:00:00.000Z' };
  const fields = Object.keys(values);
  // Every value of every field on a valid base, for every type…
  for (const type of values.type as string[]) {
    for (const f of fields) for (const v of values[f]) yield { ...base, type, groupId: 'g1', previousId: 'p0', [f]: v };
    for (const f of fields) for (const v of values[f]) yield { ...base, type, [f]: v };
  }
  // …and pairs of fields, to reach the cross-field rules (alias, ids, track event).
  const pairFields = ['type', 'userId', 'anonymousId', 'previousId', 'groupId', 'event'];
  for (const a of pairFields)
    for (const b of pairFields)
      if (a < b) for (const va of values[a]) for (const vb of values[b]) yield { type: 'identify', [a]: va, [b]: vb };
}

const strip = (o: unknown) => JSON.parse(JSON.stringify(o, (_k, v) => (v instanceof Date ? `D:${v.toISOString()}` : v)));

describe('fastMessage', () => {
  it('accepts only what zod accepts, with the same output', () => {
    let fast = 0;
    let total = 0;
    for (const m of messages()) {
      total++;
      const f = fastMessage(m);
      const z = TrackingMessageSchema.safeParse(m);
      if (!f) continue;
      fast++;
      expect({ m, ok: z.success }).toEqual({ m, ok: true });
      if (z.success) expect(strip(f)).toEqual(strip(z.data));
      // Dates stay Dates (toEventRow relies on getTime()).
      if (f.timestamp !== undefined) expect(f.timestamp).toBeInstanceOf(Date);
    }
    // The grid must exercise both outcomes, or it proves nothing.
    expect(fast).toBeGreaterThan(100);
    expect(total - fast).toBeGreaterThan(100);
  });

  it('takes the fast path for what Segment SDKs send', () => {
    const m = {
      type: 'track',
      messageId: 'node-abc',
      userId: 'u1',
      event: 'Order Completed',
      properties: { total: 10 },
      context: { library: { name: 'analytics-node', version: '3' } },
      timestamp: new Date().toISOString(),
      _metadata: { nodeVersion: '20' },
    };
    expect(fastMessage(m)).toBeDefined();
    expect(fastMessage({ type: 'identify', anonymousId: 'a', traits: { email: 'x@y.z' } })).toBeDefined();
  });
});

describe('fastEnvelope', () => {
  // What the SDKs send: the fast path must take it (that is its purpose), with the output written here by hand and zod's.
  it.each([
    [{ batch: [{}], sentAt: '2026-01-01T10:00:00Z', writeKey: 'k', context: { a: 1 } }, { batch: [{}], sentAt: new Date('2026-01-01T10:00:00Z'), context: { a: 1 } }],
    [{ batch: [{ type: 'track' }, {}] }, { batch: [{ type: 'track' }, {}] }],
  ])('takes %j', (body, want) => {
    const f = fastEnvelope(body);
    expect(f).toBeDefined();
    expect(strip(f)).toEqual(strip(want));
    const z = BatchEnvelopeSchema.parse(body);
    expect(strip({ batch: z.batch, sentAt: z.sentAt, context: z.context })).toEqual(strip(want));
  });

  // Envelopes zod refuses: the fast path must leave them to zod, the one place errors are worded.
  it.each([
    [{ batch: [] }],
    [{ batch: 'x' }],
    [{ batch: [{}], sentAt: 'soon' }],
    [{ batch: [{}], writeKey: 3 }],
    [{ batch: [{}], context: [] }],
    [{ batch: [{}], integrations: null }],
    [[]],
    [null],
  ])('declines %j', (body) => {
    expect(BatchEnvelopeSchema.safeParse(body).success).toBe(false);
    expect(fastEnvelope(body)).toBeUndefined();
  });
});
