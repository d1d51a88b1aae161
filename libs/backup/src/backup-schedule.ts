import type { BackupKind } from './backup-layout';
import type { BackupManifest } from './backup-manifest';

const DAY_MS = 86_400_000;

/** The run that happens at `atUtc` (HH:MM) on the day of `now`, UTC. */
export function dailySlot(now: Date, atUtc: string): Date {
  const [h, m] = atUtc.split(':').map(Number);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m));
}

/** A run is due once today's slot has passed and no run started since it. */
export function isRunDue(now: Date, atUtc: string, lastStartedAt: Date | undefined): boolean {
  const slot = dailySlot(now, atUtc);
  return now >= slot && (!lastStartedAt || lastStartedAt < slot);
}

/**
 * Weekly full, daily incremental. A full is also taken when none exists or the last
 * is a week old (a missed full day must not stretch a chain, and with it the WAL a
 * restore has to replay, indefinitely).
 */
export function nextBackupKind(now: Date, manifests: BackupManifest[], fullWeekday: number): BackupKind {
  const lastFull = manifests.filter((m) => m.kind === 'full').at(-1);
  if (!lastFull) return 'full';
  const last = new Date(lastFull.startedAt);
  if (now.getTime() - last.getTime() >= 7 * DAY_MS - 3_600_000) return 'full';
  const sameDay = last.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  return now.getUTCDay() === fullWeekday && !sameDay ? 'full' : 'incremental';
}

/** Runs of every chain older than the newest `keepFull` fulls: a chain is kept or deleted whole. */
export function runsToPrune(manifests: BackupManifest[], keepFull: number): BackupManifest[] {
  const fulls = manifests.filter((m) => m.kind === 'full').map((m) => m.id);
  const kept = new Set(fulls.slice(-keepFull));
  return manifests.filter((m) => !kept.has(m.chain));
}

/**
 * WAL files that no kept base backup needs: segments before the oldest kept base's
 * first segment (compared by position, the last 16 hex digits, whatever the timeline).
 * Timeline history files are tiny and always kept.
 */
export function walFilesBefore(files: string[], firstNeededSegment: string): string[] {
  const position = (name: string) => name.slice(8, 24);
  const limit = position(firstNeededSegment);
  return files.filter((f) => /^[0-9A-F]{24}(\.partial)?$/.test(f) && position(f) < limit);
}
