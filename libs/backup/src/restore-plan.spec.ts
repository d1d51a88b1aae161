import type { BackupManifest } from './backup-manifest';
import { planRestore } from './restore-plan';

function manifest(id: string, kind: 'full' | 'incremental', chain: string, at: string): BackupManifest {
  return {
    id,
    kind,
    chain,
    startedAt: at,
    finishedAt: at,
    postgres: {
      database: 'northstar',
      serverMajor: 15,
      base: kind === 'full' ? { compress: 'gzip', endedAt: at, firstWalSegment: '000000010000000000000001' } : undefined,
      restorePoint: { name: id, lsn: '0/1', at },
      counts: { 'public.customers': id.length },
    },
    clickhouse: { database: 'northstar', backup: `clickhouse/${id}`, takenAt: at, counts: { events: 1 } },
  };
}

const full = manifest('20261206T023000Z-full', 'full', '20261206T023000Z-full', '2026-12-06T02:30:00Z');
const incr = manifest('20261207T023000Z-incremental', 'incremental', full.id, '2026-12-07T02:30:00Z');
const all = [full, incr];

describe('planRestore', () => {
  it('replays WAL from the newest base finished before the moment; ClickHouse as of its newest backup before it', () => {
    const at = new Date('2026-12-07T12:00:00Z');
    const plan = planRestore(all, { kind: 'time', at });
    expect(plan.postgresBase?.id).toBe(full.id);
    expect(plan.recovery).toEqual({ kind: 'time', at });
    expect(plan.clickhouse?.id).toBe(incr.id);
    expect(plan.postgresCounts).toBeUndefined();
  });

  it('between the full and the incremental, ClickHouse comes from the full', () => {
    const plan = planRestore(all, { kind: 'time', at: new Date('2026-12-06T20:00:00Z') });
    expect(plan.clickhouse?.id).toBe(full.id);
  });

  it('a restore point stops at its name, from its chain’s base, and knows the counts to expect', () => {
    const plan = planRestore(all, { kind: 'point', id: incr.id });
    expect(plan.postgresBase?.id).toBe(full.id);
    expect(plan.recovery).toEqual({ kind: 'name', name: incr.id });
    expect(plan.postgresCounts).toEqual(incr.postgres!.counts);
    expect(plan.clickhouse?.id).toBe(incr.id);
  });

  it('latest replays all the WAL there is', () => {
    expect(planRestore(all, { kind: 'latest' }).recovery).toEqual({ kind: 'end-of-wal' });
  });

  it('says when nothing had finished before the moment', () => {
    expect(() => planRestore(all, { kind: 'time', at: new Date('2026-12-01T00:00:00Z') })).toThrow(/no backup had finished before 2026-12-01/);
    expect(() => planRestore([], { kind: 'latest' })).toThrow(/no completed backup yet/);
    expect(() => planRestore(all, { kind: 'point', id: '20261208T023000Z-full' })).toThrow(/no completed backup 20261208T023000Z-full/);
  });
});
