import { ApiError } from '../api-error';
import { InputShapePipe } from './input-shape.pipe';
import { JSON_LIMITS, jsonShapeProblems } from './json-shape';

const nested = (depth: number) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('json shape', () => {
  it('accepts ordinary input', () => {
    expect(jsonShapeProblems({ name: 'Ana', tags: ['a', 'b'], n: 1.5, ok: true, none: null, deep: nested(JSON_LIMITS.maxDepth - 1) })).toEqual([]);
  });

  it('refuses nesting past the limit without recursing (5,000 levels), naming the path where it stopped', () => {
    const problems = jsonShapeProblems({ batch: [{ properties: nested(5000) }] });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toMatch(/^batch\.0\.properties(\.a)+$/);
    expect(problems[0].message).toBe(`must not be nested more than ${JSON_LIMITS.maxDepth} levels deep`);
  });

  it('refuses more values than the limit', () => {
    expect(jsonShapeProblems(Array.from({ length: 20 }, () => 1), '', { maxDepth: 5, maxNodes: 10 })).toEqual([{ field: '(body)', message: 'must hold at most 10 values' }]);
  });

  it('names reserved keys, non-finite numbers and bad text wherever they are, keys included', () => {
    const value = JSON.parse('{"a":{"__proto__":{"x":1}},"b":[1,{"constructor":{"prototype":{}}}],"c":1e400,"d":"x\\u0000","e\\u001b":1}');
    const problems = jsonShapeProblems(value, 'body');
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'body.a.__proto__', message: 'is a reserved key' },
        { field: 'body.b.1.constructor', message: 'is a reserved key' },
        { field: 'body.c', message: 'must be a finite number' },
        { field: 'body.d', message: 'must not contain NUL bytes (at position 1)' },
        { field: 'body.e\u001b', message: 'must not contain control characters (U+001B at position 1)' },
      ]),
    );
  });

  it('the pipe answers 400 naming the field, for bodies, queries and path parameters alike', () => {
    const pipe = new InputShapePipe();
    expect(pipe.transform({ a: 'ok' }, { type: 'body' })).toEqual({ a: 'ok' });
    const refused = (value: unknown, type: 'body' | 'query' | 'param', data?: string) => {
      try {
        pipe.transform(value, { type, data });
      } catch (e) {
        return (e as ApiError).details;
      }
      throw new Error('expected a refusal');
    };
    expect(refused({ n: -Infinity }, 'body')).toEqual([{ field: 'n', message: 'must be a finite number' }]);
    expect(refused({ tz: 'UTC\u0000' }, 'query')).toEqual([{ field: 'tz', message: expect.stringMatching(/NUL/) }]);
    expect(refused('id\u0000', 'param', 'id')).toEqual([{ field: 'id', message: expect.stringMatching(/NUL/) }]);
    expect(pipe.transform({ n: Infinity }, { type: 'custom' })).toEqual({ n: Infinity });
  });
});
