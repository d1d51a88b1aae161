import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AccessRedis } from './access-redis';

export const LOCKOUT_MAX_FAILURES = 5;
export const LOCKOUT_WINDOW_SEC = 15 * 60;
export const LOCKOUT_DURATION_SEC = 15 * 60;

/**
 * Account lockout after repeated failed logins: LOCKOUT_MAX_FAILURES failures
 * within LOCKOUT_WINDOW_SEC lock the e-mail for LOCKOUT_DURATION_SEC, even for the
 * right password. Counted per e-mail whether or not the account exists, so the
 * answer does not reveal which e-mails are staff. Kept in Redis (counters with
 * TTLs); losing them on a Redis restart only forgets recent failures.
 */
@Injectable()
export class LoginLockout {
  constructor(private readonly redis: AccessRedis) {}

  private key(kind: 'fail' | 'lock', email: string) {
    return `login:${kind}:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
  }

  /** Seconds until the e-mail may try again, or 0 when not locked. */
  async lockedForSec(email: string): Promise<number> {
    const ms = await this.redis.client.pttl(this.key('lock', email));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Records a failure; returns seconds locked if this failure locked the account. */
  async fail(email: string): Promise<number> {
    const key = this.key('fail', email);
    const [[, count]] = (await this.redis.client.multi().incr(key).expire(key, LOCKOUT_WINDOW_SEC, 'NX').exec()) as [
      [Error | null, number],
      unknown,
    ];
    if (count >= LOCKOUT_MAX_FAILURES) {
      await this.redis.client.multi().set(this.key('lock', email), '1', 'EX', LOCKOUT_DURATION_SEC).del(key).exec();
      return LOCKOUT_DURATION_SEC;
    }
    return 0;
  }

  async succeed(email: string): Promise<void> {
    await this.redis.client.del(this.key('fail', email));
  }

  /** Admin action: lift a lock early. */
  async unlock(email: string): Promise<void> {
    await this.redis.client.del(this.key('fail', email), this.key('lock', email));
  }
}
