import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorBody } from './api-error';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Uniform error shape for every failure. Unknown errors are logged with their
 * stack (server side) and answered as a bare 500: no stack, SQL or internal
 * message ever reaches a client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const requestId = String(request?.id ?? '');
    const body = this.toBody(exception, requestId);
    if (body.error.status >= 500) {
      this.logger.error(
        { requestId, err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception },
        'request failed',
      );
    }
    const headers = exception instanceof ApiError ? (exception.extra.headers as Record<string, string> | undefined) : undefined;
    if (headers) for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
    void reply.status(body.error.status).send(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof ApiError) {
      const { headers: _headers, ...extra } = exception.extra;
      return {
        error: {
          status: exception.getStatus(),
          code: exception.code,
          message: exception.message,
          ...(exception.details ? { details: exception.details } : {}),
          ...extra,
          requestId,
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      const message =
        typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? exception.message);
      return { error: { status, code: CODES[status] ?? 'error', message, requestId } };
    }
    // Fastify's own errors (body too large, bad JSON, bad content type) carry a statusCode.
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (fastifyStatus && fastifyStatus >= 400 && fastifyStatus < 500) {
      return {
        error: {
          status: fastifyStatus,
          code: CODES[fastifyStatus] ?? 'bad_request',
          message: (exception as Error).message,
          requestId,
        },
      };
    }
    return { error: { status: 500, code: 'internal_error', message: 'Internal server error', requestId } };
  }
}
