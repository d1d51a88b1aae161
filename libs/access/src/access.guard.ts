import { CanActivate, ExecutionContext, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '@northstar/http';
import { ACCESS_RULE, type AccessRule } from './access.decorators';
import { setActor } from './actor';
import { ApiKeyService } from './api-key.service';
import { grantFor, routeKey, staffMayCall } from './role-matrix';
import { AuthService } from './auth.service';
import { CustomerLinkService } from './customer-link.service';

interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
  params?: Record<string, string>;
  /** Fastify's matched route; its url is the pattern (`/customers/:id`), the role matrix's key. */
  routeOptions?: { url?: string };
}

/** The access rule declared on a route (method first, then controller), if any. */
export function accessRuleOf(reflector: Reflector, handler: object, cls: object): AccessRule | undefined {
  return reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler as never, cls as never]);
}

/**
 * The one global gate. Every route must declare who may call it, and a staff route's
 * roles come from the role matrix; a route that declares nothing, or a staff route the
 * matrix does not list, is refused (fail closed) and logged as a programming error —
 * the start-up check and the route-table test catch it before it ships.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeyService,
    private readonly links: CustomerLinkService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<HttpRequest>();
    const rule = accessRuleOf(this.reflector, context.getHandler(), context.getClass());
    if (!rule) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule; refusing ${req.method} ${req.url.split('?')[0]}`);
      throw new ApiError(HttpStatus.FORBIDDEN, 'access_undeclared', 'This endpoint declares no access rule');
    }
    switch (rule.kind) {
      case 'public':
        return true;
      // Enforced by the ingestion route's own guard (per-source write keys) and the
      // webhook route's provider signature check: the global guard only lets them through.
      case 'write-key':
      case 'webhook':
        return true;
      case 'staff': {
        const route = routeKey(req.method, req.routeOptions?.url ?? '');
        if (!grantFor(route)) {
          this.logger.error(`${route} is a staff route the role matrix does not list; refusing`);
          throw new ApiError(HttpStatus.FORBIDDEN, 'access_undeclared', 'This endpoint declares no access rule');
        }
        const token = bearer(req);
        if (!token) throw ApiError.unauthorized('Sign in: Authorization: Bearer <access token> required');
        const actor = await this.auth.authenticate(token);
        setActor(req, actor);
        if (!staffMayCall(actor.role, route)) {
          throw ApiError.forbidden(`Role ${actor.role} may not call this endpoint`);
        }
        return true;
      }
      case 'api-key': {
        const key = req.headers['x-api-key'];
        if (typeof key !== 'string' || !key) throw ApiError.unauthorized('X-API-Key header required');
        const actor = await this.apiKeys.authenticate(key);
        setActor(req, actor);
        if (rule.scopes.length && !rule.scopes.some((s) => actor.scopes.includes(s))) {
          throw ApiError.forbidden(`API key lacks scope ${rule.scopes.join(' or ')}`);
        }
        return true;
      }
      case 'customer-link': {
        const token = typeof req.query?.token === 'string' ? req.query.token : undefined;
        if (!token) throw ApiError.unauthorized('This link needs its token');
        const claims = await this.links.verify(token);
        if (!claims) throw new ApiError(HttpStatus.UNAUTHORIZED, 'link_invalid', 'This link is invalid or has expired');
        // The token names one record; the route's :id must be that record.
        const routeId = req.params?.id;
        if (claims.resource !== rule.resource || (routeId !== undefined && routeId !== claims.id)) {
          throw ApiError.forbidden('This link does not open that record');
        }
        setActor(req, { type: 'customer_link', resource: claims.resource, resourceId: claims.id });
        return true;
      }
      default: {
        const never: never = rule;
        throw new ApiError(HttpStatus.FORBIDDEN, 'access_undeclared', `Unknown access rule ${JSON.stringify(never)}`);
      }
    }
  }
}

function bearer(req: HttpRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}
