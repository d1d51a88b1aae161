import { z } from 'zod';
import { ApiError } from './api-error';
import { zod } from './zod-validation.pipe';

describe('zod validation pipe', () => {
  const schema = z.object({ email: z.email(), items: z.array(z.object({ qty: z.number().int().min(1) })) });

  it('returns the parsed value when valid', () => {
    expect(zod(schema).transform({ email: 'a@b.co', items: [{ qty: 2 }] })).toEqual({ email: 'a@b.co', items: [{ qty: 2 }] });
  });

  it('answers 400 naming every bad field by its path', () => {
    try {
      zod(schema, 'body').transform({ email: 'nope', items: [{ qty: 0 }] });
      throw new Error('expected a validation error');
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      const err = e as ApiError;
      expect(err.getStatus()).toBe(400);
      expect(err.code).toBe('validation_failed');
      expect(err.details?.map((d) => d.field)).toEqual(['body.email', 'body.items.0.qty']);
      expect(err.message).toContain('body.email');
    }
  });
});
