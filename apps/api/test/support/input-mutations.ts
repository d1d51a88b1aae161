import type { z } from 'zod';
import { childOf, core, defOf, isOptional } from './zod-samples';
import type { RouteInputs } from './route-inputs';

type Path = (string | number)[];

/** A request's inputs: path parameters, query string, JSON body. */
export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body?: unknown;
}

/** JSON text spliced into the body as is: what JSON.stringify cannot write (1e400, 5,000 levels, a `__proto__` key). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * One way to make a valid request invalid. Each kind is invalid for every field it is
 * applied to, so the answer must be 400 naming `field`.
 */
export interface Mutation {
  kind: string;
  input: 'body' | 'query' | 'param';
  field: string;
  /** `pick` and `at` are fast-check's: which bad value, and where in the text it goes. */
  make(base: RequestParts, pick: number, at: number): RequestParts;
}

const POISONS: Record<string, string[]> = {
  nul: ['\u0000'],
  control: ['\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u000e', '\u001f', '\u007f', '\u0085', '\u009b'],
  ansi: ['\u001b[31m', '\u001b[2J', '\u001b]0;owned\u0007'],
  surrogate: ['\ud800', '\udfff', '\ud83d'],
};
/** Past every numeric field's bound (measures stop at ±1e12; integer columns far sooner: the explicit cases test those edges). */
const HUGE = [2 ** 53 + 2, 1e16, 1e20, -1e20, -(2 ** 53) - 2];
const NON_FINITE = ['1e400', '-1e400'];
const BAD_DATES = ['2026-02-30', '2026-13-45', '2026-02-30T10:00:00Z', '2026-13-45T25:61:00Z', '-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '0000-01-01'];
const BAD_ZONES = ['Mars/Olympus', 'america/toronto', 'UTC+25', 'Etc/GMT+99', '../../etc/passwd', 'America/Toronto\u0000'];
const BAD_COUNTRIES = ['ZZ', 'XX', 'QQ', 'AA'];
const DEPTH = 5000;
const deepObject = () => new RawJson('{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH));
const deepArray = () => new RawJson('['.repeat(DEPTH) + ']'.repeat(DEPTH));

const fieldOf = (path: Path) => path.join('.');
const pickFrom = <T>(list: T[], pick: number) => list[pick % list.length];
const insert = (s: string, poison: string, at: number) => {
  const i = at % (s.length + 1);
  return s.slice(0, i) + poison + s.slice(i);
};
const clone = (p: RequestParts): RequestParts => ({ params: { ...p.params }, query: { ...p.query }, body: structuredClone(p.body) });

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
  parent[path.at(-1)!] = value;
  return root;
}
function deleteAt(root: unknown, path: Path): unknown {
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
  if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
  else delete parent[path.at(-1)!];
  return root;
}

/** `{"__proto__": …}` or `{"constructor": {"prototype": …}}` in front of the object's own keys. */
function withReservedKey(obj: unknown, key: '__proto__' | 'constructor'): RawJson {
  const own = JSON.stringify(obj ?? {});
  const reserved = key === '__proto__' ? '"__proto__":{"isAdmin":true}' : '"constructor":{"prototype":{"isAdmin":true}}';
  return new RawJson(own === '{}' ? `{${reserved}}` : `{${reserved},${own.slice(1)}`);
}

interface Site {
  path: Path;
  schema: z.ZodType;
  value: unknown;
  required: boolean;
}

/** Every field of a sample with the schema that validates it (the matching branch of a union). */
function sitesOf(schema: z.ZodType, value: unknown, path: Path = [], required = true): Site[] {
  const out: Site[] = [{ path, schema, value, required }];
  let c = core(schema);
  if (defOf(c).type === 'union') c = core(defOf(c).options!.find((o) => o.safeParse(value).success) ?? c);
  const type = defOf(c).type;
  if ((type === 'object' || type === 'tuple') && value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const child = childOf(c, k);
      if (child) out.push(...sitesOf(child, v, [...path, Array.isArray(value) ? Number(k) : k], !isOptional(child)));
    }
  }
  if (type === 'array' && Array.isArray(value)) value.forEach((v, i) => out.push(...sitesOf(defOf(c).element!, v, [...path, i], true)));
  return out;
}

const isNumberSite = (s: Site) => typeof s.value === 'number' || defOf(core(s.schema)).type === 'number';
const isDateLike = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v);
const isZoneSite = (s: Site) => s.value === 'America/Toronto' && /^(tz|timezone|timeZone)$/.test(String(s.path.at(-1)));
const isCountrySite = (s: Site) => s.value === 'CA' && /country/i.test(String(s.path.at(-1)));

function bodyMutations(schema: z.ZodType, sample: unknown): Mutation[] {
  const out: Mutation[] = [];
  const add = (kind: string, path: Path, field: string, value: (pick: number, at: number, current: unknown) => unknown) =>
    out.push({
      kind,
      input: 'body',
      field,
      make: (base, pick, at) => {
        const next = clone(base);
        const current = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], next.body);
        next.body = setAt(next.body, path, value(pick, at, current));
        return next;
      },
    });
  for (const site of sitesOf(schema, sample)) {
    const { path } = site;
    const field = fieldOf(path);
    const type = defOf(core(site.schema)).type;
    if (path.length) {
      for (const [kind, poisons] of Object.entries(POISONS))
        add(kind, path, field, (pick, at, current) => (typeof current === 'string' ? insert(current, pickFrom(poisons, pick), at) : `x${pickFrom(poisons, pick)}`));
      const wrong = [42, 'text', true, {}, [], null].filter((v) => !site.schema.safeParse(v).success);
      if (wrong.length) add('wrong type', path, field, (pick) => pickFrom(wrong, pick));
      if (site.required && typeof path.at(-1) === 'string')
        out.push({ kind: 'missing', input: 'body', field, make: (base) => ({ ...clone(base), body: deleteAt(structuredClone(base.body), path) }) });
    }
    if (isNumberSite(site)) {
      add('huge number', path, field, (pick) => pickFrom(HUGE, pick));
      add('non-finite', path, field, (pick) => new RawJson(pickFrom(NON_FINITE, pick)));
    }
    if (isDateLike(site.value)) add('impossible date', path, field, (pick) => pickFrom(BAD_DATES, pick));
    if (isZoneSite(site)) add('bad time zone', path, field, (pick) => pickFrom(BAD_ZONES, pick));
    if (isCountrySite(site)) add('bad country', path, field, (pick) => pickFrom(BAD_COUNTRIES, pick));
    if (type === 'record') {
      add('poison inside free-form JSON', path, `${field ? `${field}.` : ''}note`, (pick, at, current) => ({ ...(current as object), note: insert('free-form', pickFrom(POISONS.nul.concat(POISONS.ansi, POISONS.surrogate), pick), at) }));
      add('non-finite inside free-form JSON', path, `${field ? `${field}.` : ''}ratio`, (pick, _at, current) => new RawJson(JSON.stringify({ ...(current as object) }).replace(/^\{/, `{"ratio":${pickFrom(NON_FINITE, pick)}${Object.keys(current as object).length ? ',' : ''}`)));
    }
    if (type === 'object' || type === 'record' || type === 'array' || type === 'tuple') add('deep nesting', path, field, (pick) => (pick % 2 ? deepArray() : deepObject()));
    if (type === 'object' || type === 'record') {
      for (const key of ['__proto__', 'constructor'] as const) add(`${key} key`, path, field ? `${field}.${key}` : key, (_pick, _at, current) => withReservedKey(current, key));
    }
  }
  return out;
}

const NUMBER_TEXT = ['99999999999999999999', '1e16', '1e20', '-1e20', '9007199254740993'];

function queryMutations(route: RouteInputs, sample: Record<string, unknown>, skip: ReadonlySet<string>): Mutation[] {
  const out: Mutation[] = [];
  const shape = route.query ? defOf(core(route.query)).shape ?? {} : {};
  const schemas: Record<string, z.ZodType | undefined> = { ...shape, ...route.queryKeys };
  const add = (kind: string, key: string, value: (pick: number, at: number, current: string) => string | string[] | undefined) =>
    out.push({
      kind,
      input: 'query',
      field: key,
      make: (base, pick, at) => {
        const next = clone(base);
        const current = ([] as string[]).concat(next.query[key] ?? '')[0];
        const v = value(pick, at, current);
        if (v === undefined) delete next.query[key];
        else next.query[key] = v;
        return next;
      },
    });
  for (const [key, schema] of Object.entries(schemas)) {
    if (skip.has(key)) continue;
    for (const kind of ['nul', 'control', 'ansi'])
      add(kind, key, (pick, at, current) => insert(current, pickFrom(POISONS[kind], pick), at));
    if (!schema) continue;
    const value = sample[key];
    const site: Site = { path: [key], schema, value, required: !isOptional(schema) };
    if (defOf(core(schema)).type === 'number') {
      add('huge number', key, (pick) => pickFrom(NUMBER_TEXT, pick));
      add('non-finite', key, (pick) => pickFrom([...NON_FINITE, 'Infinity', 'NaN'], pick));
    }
    if (isDateLike(value)) add('impossible date', key, (pick) => pickFrom(BAD_DATES, pick));
    if (isZoneSite(site)) add('bad time zone', key, (pick) => pickFrom(BAD_ZONES, pick));
    if (isCountrySite(site)) add('bad country', key, (pick) => pickFrom(BAD_COUNTRIES, pick));
    if (!schema.safeParse(['a', 'b']).success) add('wrong type', key, (_pick, _at, current) => [current, current]);
    if (site.required && !(key in route.queryKeys)) add('missing', key, () => undefined);
  }
  return out;
}

function paramMutations(route: RouteInputs): Mutation[] {
  return Object.keys(route.params).flatMap((name) =>
    ['nul', 'control', 'ansi'].map<Mutation>((kind) => ({
      kind,
      input: 'param',
      field: name,
      make: (base, pick, at) => ({ ...clone(base), params: { ...base.params, [name]: insert(base.params[name], pickFrom(POISONS[kind], pick), at) } }),
    })),
  );
}

/** The mutations of a route: of its body, its query and (unless the route's credential binds them) its path parameters. */
export function mutationsOf(route: RouteInputs, base: RequestParts, bodySchema: z.ZodType | undefined, fixed: { query: ReadonlySet<string>; params: boolean }): Mutation[] {
  return [
    ...(bodySchema ? bodyMutations(bodySchema, base.body) : []),
    ...queryMutations(route, base.query, fixed.query),
    ...(fixed.params ? [] : paramMutations(route)),
  ];
}
