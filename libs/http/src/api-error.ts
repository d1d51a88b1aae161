import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `batch.3.timestamp`. */
  field: string;
  message: string;
}

/** The one error body every endpoint answers with. */
export interface ErrorBody {
  error: {
    status: number;
    code: string;
    message: string;
    details?: FieldProblem[];
    requestId?: string;
    [extra: string]: unknown;
  };
}

/**
 * An error meant for the client: status, a stable machine code, a sentence, and
 * optionally which fields were wrong. Anything else thrown becomes a 500 with no
 * internals in the body.
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message, status);
  }

  static badRequest(message: string, details?: FieldProblem[]) {
    return new ApiError(HttpStatus.BAD_REQUEST, 'bad_request', message, details);
  }
  static validation(details: FieldProblem[]) {
    const summary = details
      .slice(0, 3)
      .map((d) => `${d.field}: ${d.message}`)
      .join('; ');
    return new ApiError(HttpStatus.BAD_REQUEST, 'validation_failed', `Invalid request: ${summary}`, details);
  }
  static unauthorized(message = 'Authentication required') {
    return new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', message);
  }
  static forbidden(message = 'Not allowed') {
    return new ApiError(HttpStatus.FORBIDDEN, 'forbidden', message);
  }
  static notFound(what: string) {
    return new ApiError(HttpStatus.NOT_FOUND, 'not_found', `${what} not found`);
  }
  static conflict(code: string, message: string, extra: Record<string, unknown> = {}, details?: FieldProblem[]) {
    return new ApiError(HttpStatus.CONFLICT, code, message, details, extra);
  }
  static unavailable(message: string, extra: Record<string, unknown> = {}) {
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', message, undefined, extra);
  }
}
