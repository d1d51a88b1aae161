import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';

/** Keys whose values never reach a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'password',
  '*.password',
  'token',
  '*.token',
  'refreshToken',
  '*.refreshToken',
  'accessToken',
  '*.accessToken',
  'writeKey',
  '*.writeKey',
  'secret',
  '*.secret',
];

/** Query parameters that carry credentials (customer links put their signed token in `?token=`). */
const SECRET_QUERY_PARAMS = /([?&](?:token|key|api_key|writeKey|access_token)=)[^&#]*/gi;
export const redactUrl = (url: string | undefined) => url?.replace(SECRET_QUERY_PARAMS, '$1[redacted]');

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export function createPino(level: string, destination?: pino.DestinationStream): Pino {
  return pino(
    {
      level,
      base: { service: 'northstar' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Overrides Fastify's request serializer (which logs the raw URL) so link tokens never reach a log line.
      serializers: {
        req: (req: LoggedRequest) => ({ method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
      },
    },
    destination as pino.DestinationStream,
  );
}

/** Nest's logger interface over pino, so framework and app logs are one JSON stream. */
export class JsonLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    if (message && typeof message === 'object') this.pino[level]({ context, ...(message as object) }, String(rest[0] ?? ''));
    else this.pino[level]({ context, ...(rest.length && level === 'error' ? { stack: rest[0] } : {}) }, String(message));
  }
  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}
