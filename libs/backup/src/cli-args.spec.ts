import { parseBackupArgs, parseRestoreArgs, UsageError } from './cli-args';

const both = { postgres: true, clickhouse: true };

describe('parseBackupArgs', () => {
  it('defaults to the scheduled kind for both stores', () => {
    expect(parseBackupArgs([])).toEqual({ command: 'auto', stores: both });
  });

  it('takes a command and --only', () => {
    expect(parseBackupArgs(['full', '--only', 'postgres'])).toEqual({ command: 'full', stores: { postgres: true, clickhouse: false } });
    expect(parseBackupArgs(['--only', 'clickhouse', 'incremental'])).toEqual({
      command: 'incremental',
      stores: { postgres: false, clickhouse: true },
    });
  });

  it('refuses what it does not know', () => {
    expect(() => parseBackupArgs(['weekly'])).toThrow(UsageError);
    expect(() => parseBackupArgs(['full', '--only', 'redis'])).toThrow(/postgres or clickhouse/);
    expect(() => parseBackupArgs(['full', 'now'])).toThrow(/unexpected: now/);
  });
});

describe('parseRestoreArgs', () => {
  it('restores the latest state into throwaway copies by default', () => {
    expect(parseRestoreArgs([])).toEqual({ command: 'restore', target: { kind: 'latest' }, replace: false, stores: both });
  });

  it('takes a moment with its zone, or a backup point, and --replace', () => {
    expect(parseRestoreArgs(['--to', '2026-12-07T14:05:00+01:00', '--replace'])).toEqual({
      command: 'restore',
      target: { kind: 'time', at: new Date('2026-12-07T13:05:00Z') },
      replace: true,
      stores: both,
    });
    expect(parseRestoreArgs(['--point', '20261207T023000Z-full']).command).toBe('restore');
  });

  it('refuses a moment without a zone, which would silently mean the machine’s', () => {
    expect(() => parseRestoreArgs(['--to', '2026-12-07T14:05:00'])).toThrow(/with its zone/);
    expect(() => parseRestoreArgs(['--to', 'yesterdayZ'])).toThrow(/with its zone/);
    expect(() => parseRestoreArgs(['--to', '2026-12-07T14:05:00Z', '--point', 'x'])).toThrow(/not both/);
  });

  it('parses one customer, a drill and a discard', () => {
    expect(parseRestoreArgs(['customer', 'ck1', '--to', '2026-12-07T14:05:00Z'])).toEqual({
      command: 'customer',
      customerId: 'ck1',
      target: { kind: 'time', at: new Date('2026-12-07T14:05:00Z') },
      stores: both,
    });
    expect(() => parseRestoreArgs(['customer', '--to', 'x'])).toThrow(/needs a customer id/);
    expect(parseRestoreArgs(['verify'])).toEqual({ command: 'verify', id: undefined, stores: both });
    expect(parseRestoreArgs(['discard', 'northstar_restored_20261207T023000'])).toEqual({
      command: 'discard',
      what: 'northstar_restored_20261207T023000',
    });
  });
});
