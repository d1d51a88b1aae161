import type { FieldProblem } from '../api-error';
import { textProblem } from './text';

export interface JsonLimits {
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most values (objects, arrays, scalars) in one input. */
  maxNodes: number;
}

/**
 * Deep enough for every schema (a funnel, a segment rule, a Segment message's context),
 * far below what recursive code copes with (JSON.stringify overflows the stack near
 * 5,000 levels). The node cap bounds the work of the walk and of every later pass over
 * the input; the byte limits of the body parser come first.
 */
export const JSON_LIMITS: JsonLimits = { maxDepth: 32, maxNodes: 250_000 };

/** Keys that reach Object.prototype when copied into a plain object. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const MAX_PROBLEMS = 10;

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * Checks a parsed input (body, query, param) for what no schema should have to think
 * about: nesting deeper than maxDepth, more than maxNodes values, reserved keys
 * (__proto__, constructor, prototype), non-finite numbers (`1e400` parses to Infinity and
 * would be stored as null), and unacceptable text (textProblem) in every string and key.
 * The walk is iterative, so a hostile depth cannot overflow the stack here; it stops at
 * the first depth or size violation and reports at most MAX_PROBLEMS problems, each
 * naming its field as the zod pipe does (`batch.3.properties.plan`).
 */
export function jsonShapeProblems(value: unknown, prefix = '', limits: JsonLimits = JSON_LIMITS): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: prefix, depth: 0 }];
  let nodes = 0;
  while (stack.length && problems.length < MAX_PROBLEMS) {
    const { value: v, path, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) {
      problems.push({ field: prefix || '(body)', message: `must hold at most ${limits.maxNodes} values` });
      break;
    }
    if (typeof v === 'string') {
      const message = textProblem(v);
      if (message) problems.push({ field: path || '(body)', message });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) problems.push({ field: path || '(body)', message: 'must be a finite number' });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      if (depth >= limits.maxDepth) {
        problems.push({ field: path || '(body)', message: `must not be nested more than ${limits.maxDepth} levels deep` });
        break;
      }
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: join(path, i), depth: depth + 1 });
        continue;
      }
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const keyProblem = RESERVED_KEYS.has(key) ? 'is a reserved key' : textProblem(key);
        if (keyProblem) problems.push({ field: join(path, key), message: keyProblem });
        else stack.push({ value: (v as Record<string, unknown>)[key], path: join(path, key), depth: depth + 1 });
      }
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}
