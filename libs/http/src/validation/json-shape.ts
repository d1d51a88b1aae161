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

/**
 * Checks a parsed input (body, query, param) for what no schema should have to think
 * about: nesting deeper than maxDepth, more than maxNodes values, reserved keys
 * (__proto__, constructor, prototype), non-finite numbers (`1e400` parses to Infinity and
 * would be stored as null), and unacceptable text (textProblem) in every string and key.
 * The walk is iterative, so a hostile depth cannot overflow the stack here; it stops at
 * the first depth or size violation and reports at most MAX_PROBLEMS problems, each
 * naming its field as the zod pipe does (`batch.3.properties.plan`). It runs on every
 * ingestion batch, so a value's path is only spelled out when there is a problem: each
 * visited value keeps just its parent's index and its own key.
 */
export function jsonShapeProblems(value: unknown, prefix = '', limits: JsonLimits = JSON_LIMITS): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const parents: number[] = [-1];
  const keys: (string | number)[] = [''];
  const depths: number[] = [0];
  const values: unknown[] = [value];
  const pathOf = (i: number, key?: string) => {
    const parts: (string | number)[] = key === undefined ? [] : [key];
    for (let at = i; at > 0; at = parents[at]) parts.push(keys[at]);
    if (prefix) parts.push(prefix);
    return parts.reverse().join('.') || '(body)';
  };
  const pending: number[] = [0];
  while (pending.length && problems.length < MAX_PROBLEMS) {
    const i = pending.pop()!;
    if (values.length > limits.maxNodes) {
      problems.push({ field: prefix || '(body)', message: `must hold at most ${limits.maxNodes} values` });
      break;
    }
    const v = values[i];
    if (typeof v === 'string') {
      const message = textProblem(v);
      if (message) problems.push({ field: pathOf(i), message });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) problems.push({ field: pathOf(i), message: 'must be a finite number' });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      if (depths[i] >= limits.maxDepth) {
        problems.push({ field: pathOf(i), message: `must not be nested more than ${limits.maxDepth} levels deep` });
        break;
      }
      const isArray = Array.isArray(v);
      const childKeys: (string | number)[] = isArray ? v.map((_x, n) => n) : Object.keys(v);
      for (let n = childKeys.length - 1; n >= 0; n--) {
        const key = childKeys[n];
        if (!isArray) {
          const keyProblem = RESERVED_KEYS.has(key as string) ? 'is a reserved key' : textProblem(key as string);
          if (keyProblem) {
            problems.push({ field: pathOf(i, key as string), message: keyProblem });
            continue;
          }
        }
        pending.push(values.length);
        values.push((v as Record<string | number, unknown>)[key]);
        parents.push(i);
        keys.push(key);
        depths.push(depths[i] + 1);
      }
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}
