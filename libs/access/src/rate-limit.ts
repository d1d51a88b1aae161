import { CanActivate, ExecutionContext, HttpStatus, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { ApiError } from '@northstar/http';
import { AccessRedis } from './access-redis';

export interface RateLimitOptions {
  /** Requests allowed per window. */
  points: number;
  durationSec: number;
  /**
   * 'ip': per client address. 'key': per credential presented (X-API-Key, HTTP
   * Basic user = Segment write key, body `writeKey`, or Bearer token), falling back
   * to the address when none is presented.
   */
  by: 'ip' | 'key';
  /** 'sliding' (default) weights the previous window in; 'fixed' resets at each boundary. */
  window?: 'sliding' | 'fixed';
  /** Bucket name; defaults to Controller.handler, so each route has its own budget. */
  name?: string;
}

export const RATE_LIMIT = 'northstar:rate-limit';

/** `@RateLimit({ points: 10, durationSec: 60, by: 'ip' })` — over budget → 429 with Retry-After. */
export const RateLimit = (options: RateLimitOptions) => SetMetadata(RATE_LIMIT, options);

interface RequestLike {
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

export function rateLimitSubject(req: RequestLike, by: 'ip' | 'key'): string {
  if (by === 'key') {
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey) return `k:${digest(apiKey)}`;
    const auth = req.headers.authorization;
    if (typeof auth === 'string') {
      const basic = /^Basic\s+(.+)$/i.exec(auth);
      if (basic) return `k:${digest(Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0])}`;
      const bearer = /^Bearer\s+(.+)$/i.exec(auth);
      if (bearer) return `k:${digest(bearer[1])}`;
    }
    const bodyKey = (req.body as { writeKey?: unknown } | undefined)?.writeKey;
    if (typeof bodyKey === 'string' && bodyKey) return `k:${digest(bodyKey)}`;
  }
  return `ip:${req.ip ?? 'unknown'}`;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSec: number;
}

/**
 * Redis window counters. Sliding = the "sliding window counter" approximation:
 * count(current) + count(previous) × (share of the previous window still inside
 * the last durationSec). Two keys per subject, one round trip, no Lua.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly redis: AccessRedis) {}

  async hit(bucket: string, subject: string, o: Pick<RateLimitOptions, 'points' | 'durationSec' | 'window'>): Promise<RateDecision> {
    const durMs = o.durationSec * 1000;
    const now = Date.now();
    const windowIdx = Math.floor(now / durMs);
    const cur = `rl:${bucket}:${subject}:${windowIdx}`;
    const prev = `rl:${bucket}:${subject}:${windowIdx - 1}`;
    const res = (await this.redis.client.multi().incr(cur).pexpire(cur, durMs * 2).get(prev).exec()) ?? [];
    const count = Number(res[0]?.[1] ?? 0);
    const windowEnd = (windowIdx + 1) * durMs;
    if ((o.window ?? 'sliding') === 'fixed') {
      const allowed = count <= o.points;
      return { allowed, remaining: Math.max(0, o.points - count), retryAfterSec: allowed ? 0 : Math.ceil((windowEnd - now) / 1000) };
    }
    const prevCount = Number(res[2]?.[1] ?? 0);
    const prevWeight = 1 - (now - windowIdx * durMs) / durMs;
    const estimate = count + prevCount * prevWeight;
    if (estimate <= o.points) return { allowed: true, remaining: Math.max(0, Math.floor(o.points - estimate)), retryAfterSec: 0 };
    // When will the estimate fall back under the budget? The previous window's
    // weight decays linearly; if the current window alone is over, wait for its end.
    let waitMs = windowEnd - now;
    if (count <= o.points && prevCount > 0) {
      const needWeight = (o.points - count) / prevCount; // prevWeight must fall to this
      waitMs = Math.min(waitMs, Math.max(0, (prevWeight - needWeight) * durMs));
    }
    return { allowed: false, remaining: 0, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger('RateLimit');

  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const options = this.reflector.getAllAndOverride<RateLimitOptions | undefined>(RATE_LIMIT, [context.getHandler(), context.getClass()]);
    if (!options) return true;
    const req = context.switchToHttp().getRequest<RequestLike>();
    const bucket = options.name ?? `${context.getClass().name}.${context.getHandler().name}`;
    let decision: RateDecision;
    try {
      decision = await this.limiter.hit(bucket, rateLimitSubject(req, options.by), options);
    } catch (e) {
      // Redis down: serve rather than refuse everyone; login lockout still needs Redis and fails closed there.
      this.logger.warn({ err: (e as Error).message }, 'rate limiter unavailable; allowing request');
      return true;
    }
    if (!decision.allowed) {
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'rate_limited', 'Too many requests; slow down', undefined, {
        retryAfterSec: decision.retryAfterSec,
        headers: { 'Retry-After': String(decision.retryAfterSec) },
      });
    }
    return true;
  }
}
