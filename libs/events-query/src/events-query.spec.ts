import { decodeCursor, encodeCursor } from './events-query.service';
import { customerTimelineSql, eventCountsSql } from './events-query.sql';

describe('events query', () => {
  it('cursors round-trip and garbage is a 400', () => {
    const c = encodeCursor('2026-01-01 10:00:00.123', '0b6c3c1e-8a51-5f2e-9b3a-2f3f8f1d2c3b');
    expect(decodeCursor(c)).toEqual({ ts: '2026-01-01 10:00:00.123', id: '0b6c3c1e-8a51-5f2e-9b3a-2f3f8f1d2c3b' });
    expect(() => decodeCursor('nonsense')).toThrow(/cursor/);
  });

  it('reads with FINAL and keyset pagination, parameters bound', () => {
    const sql = customerTimelineSql(true);
    expect(sql).toContain('FROM events FINAL');
    expect(sql).toContain('{cursorTs:String}');
    expect(sql).toContain('ORDER BY timestamp DESC, event_id DESC');
    expect(customerTimelineSql(false)).not.toContain('cursorTs');
    expect(eventCountsSql(true)).toContain('event = {event:String}');
    expect(eventCountsSql(false)).toContain('FROM events FINAL');
  });
});
