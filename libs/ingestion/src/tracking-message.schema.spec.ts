import { MAX_BATCH_BYTES, validateBatch, validateSingle } from './tracking-message.schema';
import { correctedTimestamp, toEventRow } from './tracking-row';

const ok = { type: 'track', userId: 'u1', event: 'Clicked', messageId: 'm1', timestamp: '2026-01-01T10:00:00.000Z' };

describe('validateBatch', () => {
  it('accepts a valid batch', () => {
    const r = validateBatch({ batch: [ok, { type: 'identify', anonymousId: 'a1' }] });
    expect(r.ok).toBe(true);
  });

  it.each([
    [{ type: 'track', event: 'X' }, 'batch.1.userId', 'userId or anonymousId is required'],
    [{ type: 'bogus', userId: 'u' }, 'batch.1.type', 'must be one of track, identify, page, screen, group, alias'],
    [{ type: 'track', userId: 'u', event: 'X', timestamp: 'yesterday' }, 'batch.1.timestamp', 'ISO-8601'],
    [{ type: 'track', userId: 'u', event: 'X', timestamp: '2026-02-30T10:00:00Z' }, 'batch.1.timestamp', 'ISO-8601'],
    [{ type: 'track', userId: 'u' }, 'batch.1.event', 'event is required for track'],
    [{ type: 'group', userId: 'u' }, 'batch.1.groupId', 'groupId is required'],
    [{ type: 'alias', userId: 'u' }, 'batch.1.previousId', 'previousId is required'],
    [{ type: 'track', userId: 'u', event: 'X', properties: 'nope' }, 'batch.1.properties', 'must be an object'],
  ])('rejects %j naming index and field', (bad, field, message) => {
    const r = validateBatch({ batch: [ok, bad] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining(message) })]));
  });

  it('rejects an oversized message and an oversized batch', () => {
    const big = { ...ok, properties: { blob: 'x'.repeat(33 * 1024) } };
    const r = validateBatch({ batch: [ok, big] });
    expect(!r.ok && r.problems[0]).toEqual({ field: 'batch.1', message: expect.stringContaining('limit is 32768 bytes') });
    const r2 = validateBatch({ batch: [ok] }, MAX_BATCH_BYTES + 1);
    expect(!r2.ok && r2.problems[0].message).toContain('500 KB');
  });

  it('rejects an empty batch and a missing batch', () => {
    expect(validateBatch({ batch: [] }).ok).toBe(false);
    expect(validateBatch({}).ok).toBe(false);
  });

  it('single endpoints take the type from the path and refuse a contradicting one', () => {
    expect(validateSingle('track', { userId: 'u', event: 'E' }).ok).toBe(true);
    const r = validateSingle('track', { type: 'page', userId: 'u', event: 'E' });
    expect(!r.ok && r.problems[0].field).toBe('type');
  });
});

describe('clock skew and rows', () => {
  it('corrects the client clock: timestamp + (receivedAt − sentAt)', () => {
    const ts = new Date('2026-01-01T10:00:00.000Z');
    const sentAt = new Date('2026-01-01T10:00:05.000Z'); // client clock: sent 5 s after the event
    const receivedAt = new Date('2026-01-01T09:00:05.000Z'); // but the client clock runs an hour fast
    expect(correctedTimestamp(ts, sentAt, receivedAt).toISOString()).toBe('2026-01-01T09:00:00.000Z');
    expect(correctedTimestamp(ts, undefined, receivedAt)).toEqual(ts);
    expect(correctedTimestamp(undefined, sentAt, receivedAt)).toEqual(receivedAt);
  });

  it('an event sent days late keeps its own day', () => {
    const ts = new Date('2026-01-01T10:00:00.000Z');
    const sentAt = new Date('2026-01-04T10:00:00.000Z');
    const row = toEventRow({ type: 'track', userId: 'u', event: 'E', messageId: 'late', timestamp: ts, sentAt } as never, {
      source: 'web',
      receivedAt: new Date('2026-01-04T10:00:00.250Z'),
    });
    expect(row.timestamp).toBe('2026-01-01 10:00:00.250');
    expect(row.original_timestamp).toBe('2026-01-01 10:00:00.000');
    expect(row.received_at).toBe('2026-01-04 10:00:00.250');
  });

  it('the event id depends on source and messageId only', () => {
    const m = { type: 'track', userId: 'u', event: 'E', messageId: 'same' } as never;
    const a = toEventRow(m, { source: 'web', receivedAt: new Date() });
    const b = toEventRow(m, { source: 'web', receivedAt: new Date(Date.now() + 5000) });
    const c = toEventRow(m, { source: 'ios', receivedAt: new Date() });
    expect(a.event_id).toBe(b.event_id);
    expect(a.event_id).not.toBe(c.event_id);
    expect(a.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
