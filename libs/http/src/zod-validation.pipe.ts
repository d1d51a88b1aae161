import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ApiError, type FieldProblem } from './api-error';

export function zodProblems(error: z.ZodError, prefix?: string): FieldProblem[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: i.message,
  }));
}

/** Validates (and coerces) a body, query or param with a zod schema; 400 naming each bad field. */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    /** Public so that tests can generate inputs from the schema a route validates with. */
    readonly schema: S,
    private readonly prefix?: string,
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw ApiError.validation(zodProblems(result.error, this.prefix));
    return result.data;
  }
}

/** Shorthand: `@Body(zod(CreateCustomerSchema)) body: CreateCustomer`. */
export const zod = <S extends z.ZodType>(schema: S, prefix?: string) => new ZodValidationPipe(schema, prefix);
