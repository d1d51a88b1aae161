import { chTime, fromChTime } from './clickhouse-time';
import { newMessageId, segmentEventId } from './event-ids';

describe('chTime / fromChTime', () => {
  it('writes UTC millisecond text without T or Z, and reads it back to the same instant', () => {
    const d = new Date('2026-01-02T03:04:05.006Z');
    expect(chTime(d)).toBe('2026-01-02 03:04:05.006');
    expect(fromChTime('2026-01-02 03:04:05.006').getTime()).toBe(d.getTime());
  });

  it('gives each instant its own text when more instants pass than it remembers', () => {
    const texts = Array.from({ length: 10 }, (_, i) => chTime(new Date(Date.UTC(2025, 11, 31, 23, 59, 59, i))));
    expect(texts).toEqual(Array.from({ length: 10 }, (_, i) => `2025-12-31 23:59:59.00${i}`));
    // Asked again in another order, the remembered texts still belong to their own instants.
    expect(chTime(new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 3)))).toBe('2025-12-31 23:59:59.003');
    expect(chTime(new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 9)))).toBe('2025-12-31 23:59:59.009');
  });
});

describe('segmentEventId', () => {
  it('is the v5-layout UUID of sha1("northstar.events\\0" + source + "\\0" + messageId)', () => {
    // Expected value computed outside this code base (Python hashlib.sha1, version and variant bits set by hand).
    expect(segmentEventId('web', 'msg-1')).toBe('d3a05429-d565-5567-b25e-878549b32bb1');
  });

  it('differs by source and by message id', () => {
    const ids = new Set([segmentEventId('web', 'a'), segmentEventId('ios', 'a'), segmentEventId('web', 'b')]);
    expect(ids.size).toBe(3);
  });
});

describe('newMessageId', () => {
  it('mints distinct UUIDs', () => {
    const a = newMessageId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newMessageId()).not.toBe(a);
  });
});
