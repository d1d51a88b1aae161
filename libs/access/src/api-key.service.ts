import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { PrismaService } from '@northstar/prisma';
import { ApiError } from '@northstar/http';
import type { Actor } from './actor';

/** Scopes an integration key may carry. Routes name the scope they need with @ApiKeyScopes. */
export const API_KEY_SCOPES = [
  'customers:read',
  'customers:write',
  'quotes:read',
  'quotes:write',
  'invoices:read',
  'invoices:write',
  'appointments:read',
  'appointments:write',
  'analytics:read',
  'events:write',
] as const;

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  /** The secret; shown once, never stored. */
  key: string;
  createdAt: Date;
  expiresAt: Date | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
// lastUsedAt is bookkeeping: writing it on every call would turn each read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Integration API keys: `nsk_<prefix>_<secret>`. The prefix (non-secret) names the
 * key in lists and logs; the full key is SHA-256-hashed (256-bit random, so a
 * slow hash adds nothing) and looked up by that hash.
 */
@Injectable()
export class ApiKeyService {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: { name: string; scopes: string[]; expiresAt?: Date | null }, createdById?: string): Promise<CreatedApiKey> {
    const prefix = randomBytes(6).toString('hex');
    const key = `nsk_${prefix}_${randomBytes(32).toString('base64url')}`;
    const row = await this.prisma.apiKey.create({
      data: { name: input.name, prefix, keyHash: sha256(key), scopes: input.scopes, expiresAt: input.expiresAt ?? null, createdById },
    });
    return { id: row.id, name: row.name, prefix, scopes: row.scopes, key, createdAt: row.createdAt, expiresAt: row.expiresAt };
  }

  list() {
    return this.prisma.apiKey.findMany({
      orderBy: { createdAt: 'desc' },
      select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true, createdById: true },
    });
  }

  async revoke(id: string): Promise<void> {
    const r = await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (r.count === 0) {
      const exists = await this.prisma.apiKey.findUnique({ where: { id }, select: { id: true } });
      if (!exists) throw ApiError.notFound('API key');
    }
  }

  /** Resolves a presented key; throws 401 when unknown, revoked or expired. */
  async authenticate(presented: string): Promise<Extract<Actor, { type: 'api_key' }>> {
    const invalid = () => new ApiError(HttpStatus.UNAUTHORIZED, 'api_key_invalid', 'API key is invalid or revoked');
    if (!/^nsk_[0-9a-f]{12}_[\w-]{43}$/.test(presented)) throw invalid();
    const row = await this.prisma.apiKey.findUnique({ where: { keyHash: sha256(presented) } });
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) throw invalid();
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
    }
    return { type: 'api_key', id: row.id, name: row.name, scopes: row.scopes };
  }
}
