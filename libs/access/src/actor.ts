import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { StaffRole } from './access.decorators';

/** Who is making a request, as established by the access guard. */
export type Actor =
  | { type: 'user'; id: string; role: StaffRole; email: string; sessionId: string }
  | { type: 'api_key'; id: string; name: string; scopes: string[] }
  | { type: 'customer_link'; resource: string; resourceId: string }
  | { type: 'anonymous' }
  | { type: 'system'; name: string };

interface WithActor {
  actor?: Actor;
}

export function actorOf(req: unknown): Actor {
  return (req as WithActor).actor ?? { type: 'anonymous' };
}

export function setActor(req: unknown, actor: Actor): void {
  (req as WithActor).actor = actor;
}

/** `@CurrentActor() actor: Actor` in a handler. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => actorOf(ctx.switchToHttp().getRequest()));

export function actorLabel(a: Actor): { actorType: string; actorId: string | null; actorLabel: string | null } {
  switch (a.type) {
    case 'user':
      return { actorType: 'user', actorId: a.id, actorLabel: a.email };
    case 'api_key':
      return { actorType: 'api_key', actorId: a.id, actorLabel: a.name };
    case 'customer_link':
      return { actorType: 'customer_link', actorId: `${a.resource}:${a.resourceId}`, actorLabel: null };
    case 'system':
      return { actorType: 'system', actorId: null, actorLabel: a.name };
    default:
      return { actorType: 'anonymous', actorId: null, actorLabel: null };
  }
}
