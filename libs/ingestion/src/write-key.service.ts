import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { PrismaService } from '@northstar/prisma';

export interface VerifiedWriteKey {
  id: string;
  source: string;
}

export interface WriteKeyView {
  id: string;
  source: string;
  name: string | null;
  keyPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const KEY_PREFIX = 'nswk_';
/**
 * Verified keys are cached this long per process. Revocation clears this process's
 * cache at once; other API processes stop accepting the key within this bound. One
 * lookup per key per second is nothing next to ingestion's hundreds of requests a second.
 */
const CACHE_MS = 1_000;
/** lastUsedAt is written at most this often per key (ingestion runs hundreds of requests a second). */
const LAST_USED_EVERY_MS = 60_000;

export function hashWriteKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Per-source write keys. Keys are 32 random bytes, so sha256 is a sufficient
 * one-way hash (no salt/stretching needed: there is nothing to brute-force).
 */
@Injectable()
export class WriteKeyService {
  private readonly logger = new Logger('WriteKeys');
  private readonly cache = new Map<string, { value: VerifiedWriteKey | null; until: number }>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(private readonly prisma: PrismaService) {}

  async create(input: { source: string; name?: string }): Promise<WriteKeyView & { key: string }> {
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const row = await this.prisma.writeKey.create({
      data: { source: input.source, name: input.name ?? null, keyHash: hashWriteKey(key), keyPrefix: key.slice(0, KEY_PREFIX.length + 6) },
    });
    return { ...view(row), key };
  }

  async list(): Promise<WriteKeyView[]> {
    const rows = await this.prisma.writeKey.findMany({ orderBy: { createdAt: 'desc' } });
    return rows.map(view);
  }

  /** Returns the revoked key, or null when there is no such key. Idempotent. */
  async revoke(id: string): Promise<WriteKeyView | null> {
    const existing = await this.prisma.writeKey.findUnique({ where: { id } });
    if (!existing) return null;
    const row = existing.revokedAt ? existing : await this.prisma.writeKey.update({ where: { id }, data: { revokedAt: new Date() } });
    this.cache.clear();
    return view(row);
  }

  /** The source a write key belongs to, or null if it is unknown or revoked. */
  async verify(key: string): Promise<VerifiedWriteKey | null> {
    if (!key || key.length > 200) return null;
    const hash = hashWriteKey(key);
    const now = Date.now();
    const hit = this.cache.get(hash);
    let value: VerifiedWriteKey | null;
    if (hit && hit.until > now) value = hit.value;
    else {
      const row = await this.prisma.writeKey.findUnique({ where: { keyHash: hash } });
      value = row && !row.revokedAt ? { id: row.id, source: row.source } : null;
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { value, until: now + CACHE_MS });
    }
    if (value) this.touch(value.id, now);
    return value;
  }

  private touch(id: string, now: number): void {
    if (now - (this.lastUsedWritten.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(id, now);
    this.prisma.writeKey
      .update({ where: { id }, data: { lastUsedAt: new Date(now) } })
      .catch((e: Error) => this.logger.warn(`lastUsedAt not recorded: ${e.message}`));
  }
}

function view(r: WriteKeyView & { keyHash?: string }): WriteKeyView {
  return { id: r.id, source: r.source, name: r.name, keyPrefix: r.keyPrefix, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt };
}
