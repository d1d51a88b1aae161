import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { actorOf } from '@northstar/access';
import { ApiError } from '@northstar/http';
import { occurredAtOverride } from '@northstar/outbox';

export const OCCURRED_AT_HEADER = 'x-occurred-at';
/** History older than this is not a plausible back-date (and catches unit mistakes). */
const EARLIEST = Date.UTC(2000, 0, 1);

/**
 * Back-dated writes for trusted importers: an admin request carrying
 * `X-Occurred-At: <ISO time>` is performed as of that time — the lifecycle events it
 * emits and the times the services stamp on their rows (lifecycleNow in libs/outbox).
 * Anyone else sending the header gets 403, and a future or unparseable time gets 400,
 * so the analytics can never be fed invented timestamps by an ordinary caller. Unlike
 * a history replay (replayAt), the present carries on from it: mail and reminders
 * happen as for any write.
 */
@Injectable()
export class OccurredAtInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const raw = req.headers[OCCURRED_AT_HEADER];
    if (raw === undefined) return next.handle();
    const actor = actorOf(req);
    if (actor.type !== 'user' || actor.role !== 'admin') throw ApiError.forbidden(`${OCCURRED_AT_HEADER} is reserved for admin importers`);
    const value = Array.isArray(raw) ? raw[0] : raw;
    const at = new Date(value);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime()) || at.getTime() < EARLIEST || at.getTime() > Date.now() + 60_000)
      throw ApiError.validation([{ field: OCCURRED_AT_HEADER, message: 'expected an ISO 8601 time in the past' }]);
    // The handler runs on subscription, so subscribing inside the store scopes it to this request.
    return new Observable((sub) => occurredAtOverride.run(at, () => next.handle().subscribe(sub)));
  }
}
