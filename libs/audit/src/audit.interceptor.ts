import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, mergeMap, catchError, throwError, type Observable } from 'rxjs';
import { ACCESS_RULE, actorOf, type AccessRule } from '@northstar/access';
import { AUDIT_READ, AUDIT_RESOURCE } from './audit.decorators';
import { AuditService } from './audit.service';

interface FastifyLikeRequest {
  id?: string;
  ip?: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  body?: unknown;
  routeOptions?: { url?: string };
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const NON_RESOURCE_SEGMENTS = new Set(['admin', 'v1', 'api', 'public', 'auth']);
const MAX_IDS = 100;

/**
 * Writes an audit row for every mutation (any non-GET route, success or failure)
 * and for every GET marked @AuditRead. Bodies are never copied into the log, only
 * the names of the fields sent, so the audit trail holds no personal data beyond
 * record ids. Ingestion (write-key routes) is left out: each batch is telemetry
 * already kept, with its source, in ClickHouse, and auditing it would double every write.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<FastifyLikeRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (rule?.kind === 'write-key') return next.handle();
    const readType = this.reflector.getAllAndOverride<string | undefined>(AUDIT_READ, targets);
    const isRead = READ_METHODS.has(req.method);
    if (isRead && !readType) return next.handle();

    const route = req.routeOptions?.url ?? req.url.split('?')[0];
    const resourceType = readType ?? this.reflector.getAllAndOverride<string | undefined>(AUDIT_RESOURCE, targets) ?? guessResource(route);
    const successStatus =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
    const write = (status: number, result: unknown) => {
      const ids = idsOf(result);
      // Routes addressed by the customer (`/loyalty/:customerId`) name them, so "who read my data" finds the read.
      const resourceId = req.params?.id ?? req.params?.customerId ?? (ids.length === 1 ? ids[0] : null);
      const ua = req.headers['user-agent'];
      const fields = !isRead && req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? Object.keys(req.body).slice(0, 50) : undefined;
      return this.audit.record({
        actor: actorOf(req),
        action: `${isRead ? 'read' : req.method} ${route}`,
        resourceType,
        resourceId,
        status,
        ip: req.ip,
        userAgent: typeof ua === 'string' ? ua : null,
        requestId: req.id,
        metadata: {
          ...(fields?.length ? { fields } : {}),
          ...(ids.length > 1 || (ids.length === 1 && resourceId !== ids[0]) ? { ids } : {}),
        },
      });
    };
    return next.handle().pipe(
      mergeMap((result) => from(write(successStatus, result).then(() => result))),
      catchError((err: unknown) => {
        // Failed reads are not disclosures; failed mutations are (attempts matter).
        if (isRead) return throwError(() => err);
        const status = (err as { getStatus?: () => number }).getStatus?.() ?? (err as { statusCode?: number }).statusCode ?? 500;
        return from(write(status, undefined)).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }
}

export function guessResource(route: string): string | null {
  const seg = route.split('/').find((s) => s && !s.startsWith(':') && !NON_RESOURCE_SEGMENTS.has(s));
  if (!seg) return route.startsWith('/auth') ? 'session' : null;
  const singular = seg.endsWith('ies') ? `${seg.slice(0, -3)}y` : seg.endsWith('s') ? seg.slice(0, -1) : seg;
  return singular.replace(/-/g, '_');
}

/** Record ids in a response: `{id}`, an array of `{id}`, or `{items|data: [...]}`. */
export function idsOf(result: unknown): string[] {
  const idOf = (v: unknown) => (v && typeof v === 'object' && 'id' in v && (typeof v.id === 'string' || typeof v.id === 'number') ? String(v.id) : null);
  let list: unknown[] | null = null;
  if (Array.isArray(result)) list = result;
  else if (result && typeof result === 'object') {
    const r = result as { items?: unknown; data?: unknown; user?: unknown };
    if (Array.isArray(r.items)) list = r.items;
    else if (Array.isArray(r.data)) list = r.data;
    else if (r.user) list = [r.user];
  }
  if (list) return list.map(idOf).filter((x): x is string => !!x).slice(0, MAX_IDS);
  const one = idOf(result);
  return one ? [one] : [];
}
