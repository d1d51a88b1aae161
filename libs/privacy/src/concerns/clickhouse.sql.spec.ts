import { countSql, deleteSql, subjectCondition } from './clickhouse.sql';

describe('ClickHouse subject condition', () => {
  const events = [
    { name: 'event_id', type: 'UUID' },
    { name: 'customer_id', type: 'String' },
    { name: 'user_id', type: 'String' },
    { name: 'event', type: 'LowCardinality(String)' },
    { name: 'properties', type: 'String' },
    { name: 'sent_at', type: 'Nullable(DateTime64(3, \'UTC\'))' },
    { name: 'note', type: 'Nullable(String)' },
    { name: 'amount_minor', type: 'Int64' },
  ];

  it('matches id columns exactly and searches every text column for emails and phones', () => {
    expect(subjectCondition(events, true)).toBe(
      'has({customerIds:Array(String)}, `customer_id`) OR has({ids:Array(String)}, `user_id`)' +
        " OR multiSearchAnyCaseInsensitiveUTF8(ifNull(`event`, ''), {needles:Array(String)})" +
        " OR multiSearchAnyCaseInsensitiveUTF8(ifNull(`properties`, ''), {needles:Array(String)})" +
        " OR multiSearchAnyCaseInsensitiveUTF8(ifNull(`note`, ''), {needles:Array(String)})",
    );
  });

  it('without emails or phones, matches by ids only; a table with neither kind of column matches nothing', () => {
    expect(subjectCondition(events, false)).toBe('has({customerIds:Array(String)}, `customer_id`) OR has({ids:Array(String)}, `user_id`)');
    expect(subjectCondition([{ name: 'version', type: 'UInt32' }], true)).toBeNull();
  });

  it('on a cluster, deletes from the shard-local table ON CLUSTER and counts through the Distributed one', () => {
    expect(deleteSql('events_local', 'x', { cluster: 'c1' })).toBe('DELETE FROM `events_local` ON CLUSTER `c1` WHERE x');
    expect(countSql('events_local', 'x', { cluster: 'c1' })).toBe('SELECT count() AS n FROM `events` WHERE x');
    expect(deleteSql('events', 'x', {})).toBe('DELETE FROM `events` WHERE x');
  });
});
