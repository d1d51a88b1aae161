import { backupId, assertBackupId } from './backup-layout';
import type { BackupManifest } from './backup-manifest';
import { isRunDue, nextBackupKind, runsToPrune, walFilesBefore } from './backup-schedule';

const run = (kind: 'full' | 'incremental', startedAt: string, chain?: string): BackupManifest => {
  const id = backupId(kind, new Date(startedAt));
  return { id, kind, chain: chain ?? id, startedAt, finishedAt: startedAt };
};

describe('backup ids', () => {
  it('sort by time and name the kind', () => {
    expect(backupId('full', new Date('2026-12-06T02:30:00.456Z'))).toBe('20261206T023000Z-full');
    expect(assertBackupId('20261206T023000Z-incremental')).toBe('20261206T023000Z-incremental');
  });

  it('refuse anything that could escape a path or an SQL literal', () => {
    expect(() => assertBackupId("../x')")).toThrow(/not a backup id/);
  });
});

describe('isRunDue', () => {
  it('is due once the daily slot has passed and nothing started since', () => {
    const now = new Date('2026-12-07T02:31:00Z');
    expect(isRunDue(now, '02:30', undefined)).toBe(true);
    expect(isRunDue(now, '02:30', new Date('2026-12-06T02:30:00Z'))).toBe(true);
    expect(isRunDue(now, '02:30', new Date('2026-12-07T02:30:10Z'))).toBe(false);
    expect(isRunDue(new Date('2026-12-07T02:29:00Z'), '02:30', new Date('2026-12-06T02:30:00Z'))).toBe(false);
  });
});

describe('nextBackupKind', () => {
  const sunday = 0;
  it('takes a full when there is none', () => {
    expect(nextBackupKind(new Date('2026-12-08T02:30:00Z'), [], sunday)).toBe('full');
  });

  it('takes incrementals during the week and a full on the full day', () => {
    const full = run('full', '2026-12-06T02:30:00Z'); // a Sunday
    expect(nextBackupKind(new Date('2026-12-07T02:30:00Z'), [full], sunday)).toBe('incremental');
    expect(nextBackupKind(new Date('2026-12-12T02:30:00Z'), [full], sunday)).toBe('incremental');
    expect(nextBackupKind(new Date('2026-12-13T02:30:00Z'), [full], sunday)).toBe('full');
  });

  it('does not take a second full on the full day itself', () => {
    const full = run('full', '2026-12-06T02:30:00Z');
    expect(nextBackupKind(new Date('2026-12-06T14:00:00Z'), [full], sunday)).toBe('incremental');
  });

  it('takes a full when the last one is a week old, even off the full day', () => {
    const full = run('full', '2026-12-06T02:30:00Z');
    expect(nextBackupKind(new Date('2026-12-14T02:30:00Z'), [full], sunday)).toBe('full');
  });
});

describe('runsToPrune', () => {
  it('deletes whole chains beyond the newest N fulls', () => {
    const f1 = run('full', '2026-11-29T02:30:00Z');
    const i1 = run('incremental', '2026-11-30T02:30:00Z', f1.id);
    const f2 = run('full', '2026-12-06T02:30:00Z');
    const i2 = run('incremental', '2026-12-07T02:30:00Z', f2.id);
    expect(runsToPrune([f1, i1, f2, i2], 1).map((m) => m.id)).toEqual([f1.id, i1.id]);
    expect(runsToPrune([f1, i1, f2, i2], 2)).toEqual([]);
  });
});

describe('walFilesBefore', () => {
  it('lists segments before the first needed one, whatever their timeline, and keeps history files', () => {
    const files = [
      '000000010000000000000001',
      '000000010000000000000002',
      '000000010000000000000003',
      '000000020000000000000004.partial',
      '00000002.history',
      'pg_receivewal.log',
    ];
    expect(walFilesBefore(files, '000000010000000000000003')).toEqual(['000000010000000000000001', '000000010000000000000002']);
    expect(walFilesBefore(files, '000000030000000000000005')).toEqual([
      '000000010000000000000001',
      '000000010000000000000002',
      '000000010000000000000003',
      '000000020000000000000004.partial',
    ]);
  });
});
