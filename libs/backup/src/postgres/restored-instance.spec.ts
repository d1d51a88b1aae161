import { formatRecoveryTime, recoverySettings } from './restored-instance';

describe('recoverySettings', () => {
  const base = { port: 54321, walDir: "/backups/it's/wal", hbaFile: '/r/pg_hba.conf' };

  it('stops at a moment in the form PostgreSQL accepts, and promotes', () => {
    const conf = recoverySettings({ ...base, recovery: { kind: 'time', at: new Date('2026-12-07T02:30:00.123Z') } });
    expect(conf).toContain(`recovery_target_time = '2026-12-07 02:30:00.123+00'`);
    expect(conf).toContain(`recovery_target_action = 'promote'`);
    expect(conf).toContain('port = 54321');
    expect(conf).toContain(`archive_mode = 'off'`);
  });

  it('reads each WAL segment, or the one pg_receivewal is still writing, with paths quoted for the shell and the config', () => {
    const conf = recoverySettings({ ...base, recovery: { kind: 'name', name: '20261207T023000Z-full' } });
    expect(conf).toContain(`recovery_target_name = '20261207T023000Z-full'`);
    const line = conf.split('\n').find((l) => l.startsWith('restore_command'))!;
    // Shell: '/backups/it'\''s/wal/%f'; then in the config string every ' doubled and the \ escaped.
    expect(line).toBe(
      String.raw`restore_command = 'cp ''/backups/it''\\''''s/wal/%f'' "%p" 2>/dev/null || cp ''/backups/it''\\''''s/wal/%f.partial'' "%p" 2>/dev/null'`,
    );
  });

  it('sets no target when replaying to the end of the WAL', () => {
    expect(recoverySettings({ ...base, recovery: { kind: 'end-of-wal' } })).not.toMatch(/recovery_target_(time|name)/);
  });

  it('formats times without ISO T and Z, which recovery_target_time refuses', () => {
    expect(formatRecoveryTime(new Date('2026-01-02T03:04:05.006Z'))).toBe('2026-01-02 03:04:05.006+00');
  });
});
