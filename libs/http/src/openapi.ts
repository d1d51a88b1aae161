import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

/** OpenAPI docs straight from the zod schema that validates the request: one source of truth. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
}

export const ApiZodBody = (schema: z.ZodType, description?: string) =>
  ApiBody({ schema: jsonSchemaOf(schema) as never, description });

/** Documents each field of a zod object used for query-string validation. */
export function ApiZodQuery(schema: z.ZodObject) {
  return applyDecorators(
    ...Object.entries(schema.shape).map(([name, field]) =>
      ApiQuery({
        name,
        required: !(field as z.ZodType).safeParse(undefined).success,
        schema: jsonSchemaOf(field as z.ZodType) as never,
      }),
    ),
  );
}
