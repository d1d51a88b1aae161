import type { z } from 'zod';

type Path = (string | number)[];
interface Def {
  type: string;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
  valueType?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  checks?: { _zod: { def: { check: string; minimum?: number } } }[];
}

export const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
/** A key the object may leave out (optional, or with a default). */
export const isOptional = (s: z.ZodType) => s.safeParse(undefined).success;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch']);

/** The schema under wrappers (optional, default, lazy, pipes: their input side unless it is a preprocess step). */
export function core(s: z.ZodType): z.ZodType {
  const d = defOf(s);
  if (WRAPPERS.has(d.type)) return core(d.innerType!);
  if (d.type === 'lazy') return core(d.getter!());
  if (d.type === 'pipe') return core(defOf(d.in!).type === 'transform' ? d.out! : d.in!);
  return s;
}

/** The schema of `key` inside an object/record/array/tuple schema (through wrappers), or undefined. */
export function childOf(s: z.ZodType, key: string | number): z.ZodType | undefined {
  const d = defOf(core(s));
  if (d.type === 'object') return d.shape![key];
  if (d.type === 'record') return d.valueType;
  if (d.type === 'array') return d.element;
  if (d.type === 'tuple') return d.items![Number(key)];
  return undefined;
}

const LATER = /^(to|until|before)$|To$/;
const PHONE = /phone|whatsapp/i;

/** Strings a field may want, in order of preference: a field's sample is the first its schema accepts. */
function stringCandidates(key: string): string[] {
  const day = LATER.test(key) ? '2026-03-02' : '2026-02-02';
  return [
    ...(PHONE.test(key) ? ['+14165550123'] : []),
    'Sample text value',
    'sample',
    'ana@example.test',
    '3f1c9a1e-2b7d-4c6e-9f10-5a2b3c4d5e6f',
    'CA',
    'QC',
    'CAD',
    'en',
    'web_development',
    'America/Toronto',
    day,
    `${day}T10:00:00Z`,
    `${day}T10:00`,
    'https://example.test/hook',
    'Correct-Horse-Battery-9',
    'aGVsbG8gd29ybGQ=',
    '12.5',
    '1',
    'true',
  ];
}
const NUMBERS = [1, 2, 5, 10, 100, 0, 0.5, 3];

interface SampleState {
  /** Per path: how many acceptable candidates (or union options) to pass over. */
  skips: Map<string, number>;
  /** Optional keys left out. */
  omit: Set<string>;
  /** Array lengths chosen below the default of max(1, min). */
  lengths: Map<string, number>;
}

const keyOf = (path: Path) => path.join('.');

function nth<T>(list: T[], skip: number, what: string): T {
  if (!list.length) throw new Error(`no sample candidate fits ${what}`);
  return list[skip % list.length];
}

function minLength(d: Def): number {
  return d.checks?.map((c) => c._zod.def).find((c) => c.check === 'min_length')?.minimum ?? 0;
}

function sample(s: z.ZodType, path: Path, st: SampleState, check: z.ZodType = s): unknown {
  const d = defOf(s);
  const skip = st.skips.get(keyOf(path)) ?? 0;
  const key = String(path.at(-1) ?? '');
  if (WRAPPERS.has(d.type)) return sample(d.innerType!, path, st);
  switch (d.type) {
    case 'lazy':
      return sample(d.getter!(), path, st);
    case 'pipe':
      return defOf(d.in!).type === 'transform' ? sample(d.out!, path, st) : sample(d.in!, path, st, check);
    case 'object':
      return Object.fromEntries(
        Object.entries(d.shape!)
          .filter(([k]) => !st.omit.has(keyOf([...path, k])))
          .map(([k, v]) => [k, sample(v, [...path, k], st)]),
      );
    case 'array': {
      const n = st.lengths.get(keyOf(path)) ?? Math.max(1, minLength(d));
      return Array.from({ length: n }, (_, i) => sample(d.element!, [...path, i], st));
    }
    case 'tuple':
      return d.items!.map((item, i) => sample(item, [...path, i], st));
    case 'record':
      return {};
    case 'union':
      return sample(nth(d.options!, skip, keyOf(path)), path, st);
    case 'enum':
      return Object.values(d.entries!)[0];
    case 'literal':
      return d.values![0];
    case 'boolean':
      return true;
    case 'number':
      return nth(NUMBERS.filter((n) => check.safeParse(n).success), skip, keyOf(path));
    case 'string':
      return nth(stringCandidates(key).filter((c) => check.safeParse(c).success), skip, keyOf(path));
    case 'unknown':
    case 'any':
      return 'sample';
    default:
      throw new Error(`no sample for a zod ${d.type} at ${keyOf(path) || '(root)'}`);
  }
}

/** Where a failing issue can be mended: leave out the optional key, shorten the array, or take the next candidate. */
function repair(schema: z.ZodType, value: unknown, path: Path, st: SampleState) {
  for (let n = path.length; n > 0; n--) {
    const parent = path.slice(0, n - 1).reduce<z.ZodType | undefined>((s, k) => s && childOf(s, k), schema);
    const child = parent && childOf(parent, path[n - 1]);
    if (!parent || !child) continue;
    const p = path.slice(0, n);
    const parentValue = path.slice(0, n - 1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], value);
    if (defOf(core(parent)).type === 'object' && isOptional(child) && !st.omit.has(keyOf(p))) {
      st.omit.add(keyOf(p));
      return;
    }
    const pd = defOf(core(parent));
    if (pd.type === 'array' && Array.isArray(parentValue) && parentValue.length > minLength(pd)) {
      st.lengths.set(keyOf(path.slice(0, n - 1)), parentValue.length - 1);
      return;
    }
  }
  st.skips.set(keyOf(path), (st.skips.get(keyOf(path)) ?? 0) + 1);
}

/** A value the schema accepts, built from the schema itself (every optional field present unless that breaks a rule). */
export function validSample(schema: z.ZodType): unknown {
  const st: SampleState = { skips: new Map(), omit: new Set(), lengths: new Map() };
  let last: z.ZodError | undefined;
  for (let attempt = 0; attempt < 30; attempt++) {
    const value = sample(schema, [], st);
    const r = schema.safeParse(value);
    if (r.success) return value;
    last = r.error;
    for (const issue of r.error.issues) repair(schema, value, issue.path as Path, st);
  }
  throw new Error(`no valid sample: ${last?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}
