import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiError } from '@northstar/http';
import { WriteKeyService, type VerifiedWriteKey } from './write-key.service';

export interface IngestionRequest {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  rawBody?: Buffer;
  writeKey?: VerifiedWriteKey;
}

/** The write key as Segment clients send it: HTTP Basic user name, or `writeKey` in the body. */
export function writeKeyOf(req: IngestionRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(h.trim());
    if (m) {
      const decoded = Buffer.from(m[1], 'base64').toString('utf8');
      const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
      if (user) return user;
    }
  }
  const bodyKey = (req.body as { writeKey?: unknown } | undefined)?.writeKey;
  return typeof bodyKey === 'string' && bodyKey ? bodyKey : undefined;
}

/** Enforces @WriteKey() routes: 401 unless the key is known and not revoked. */
@Injectable()
export class WriteKeyGuard implements CanActivate {
  constructor(private readonly keys: WriteKeyService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<IngestionRequest>();
    const key = writeKeyOf(req);
    if (!key) throw ApiError.unauthorized('Write key required: HTTP Basic auth with the key as user name, or writeKey in the body');
    const verified = await this.keys.verify(key);
    if (!verified) throw ApiError.unauthorized('Invalid or revoked write key');
    req.writeKey = verified;
    return true;
  }
}
