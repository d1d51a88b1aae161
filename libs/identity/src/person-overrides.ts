import type { IdentityLinkRow } from './identity-links';

/** One row of ClickHouse `person_overrides` (migration 0011): distinct id → person, highest version wins. */
export interface PersonOverrideRow {
  distinct_id: string;
  person_id: string;
  version: number;
}

type Edge = Pick<IdentityLinkRow, 'kind' | 'from_id' | 'to_id'>;

/** The link kinds that say two ids are one person (an account link groups people, it does not merge them). */
export const PERSON_LINK_KINDS = ['anonymous', 'user', 'merge'] as const;

/** Every link touching any of `{ids}`; duplicates are harmless to a union. */
export const COMPONENT_LINKS_SQL = `
SELECT kind, from_id, to_id FROM identity_links
WHERE kind IN ('${PERSON_LINK_KINDS.join("', '")}') AND (has({ids:Array(String)}, from_id) OR has({ids:Array(String)}, to_id))`;

/**
 * A component that keeps growing past this many ids is almost certainly one shared
 * anonymous id (a kiosk, a bot) gluing strangers together; it is resolved as far as
 * it was walked and logged rather than walked across the whole graph on every flush.
 */
export const MAX_COMPONENT_IDS = 10_000;
const MAX_WALK_STEPS = 20;

/**
 * The person of every id in the given links' components. One component is one person;
 * its id is, in order of preference: a customer not merged away (the survivor), any
 * customer, a user id, any id — the smallest one on a tie, so the answer depends only
 * on the component, never on the order its edges arrived in.
 */
export function resolvePersons(edges: Edge[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; y !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  const rank = new Map<string, number>();
  const raise = (id: string, r: number) => rank.set(id, Math.max(rank.get(id) ?? 0, r));
  const mergedAway = new Set<string>();
  for (const e of edges) {
    parent.set(find(e.from_id), find(e.to_id));
    if (e.kind === 'anonymous') raise(e.to_id, 1);
    if (e.kind === 'user') {
      raise(e.from_id, 1);
      raise(e.to_id, 2);
    }
    if (e.kind === 'merge') {
      raise(e.from_id, 2);
      raise(e.to_id, 2);
      mergedAway.add(e.from_id);
    }
  }
  const score = (id: string) => (rank.get(id) ?? 0) + (rank.get(id) === 2 && !mergedAway.has(id) ? 1 : 0);
  const best = new Map<string, string>();
  for (const id of parent.keys()) {
    const root = find(id);
    const cur = best.get(root);
    if (cur === undefined || score(id) > score(cur) || (score(id) === score(cur) && id < cur)) best.set(root, id);
  }
  return new Map([...parent.keys()].map((id) => [id, best.get(find(id))!]));
}

/**
 * Walks the graph stored in ClickHouse out from `seeds` until no new id turns up,
 * and returns the override rows for every id reached. Reads only stored links, so a
 * fresh process (or another writer) computes the same persons.
 */
export async function personOverridesFor(
  seeds: Iterable<string>,
  readLinks: (ids: string[]) => Promise<Edge[]>,
  version: number,
): Promise<{ rows: PersonOverrideRow[]; truncated: boolean }> {
  const seen = new Set(seeds);
  const edges: Edge[] = [];
  let frontier = [...seen];
  let steps = 0;
  while (frontier.length && seen.size <= MAX_COMPONENT_IDS && steps++ < MAX_WALK_STEPS) {
    const found = await readLinks(frontier);
    edges.push(...found);
    frontier = [];
    for (const id of found.flatMap((e) => [e.from_id, e.to_id])) {
      if (seen.has(id)) continue;
      seen.add(id);
      frontier.push(id);
    }
  }
  const persons = resolvePersons(edges);
  const rows = [...persons].map(([distinct_id, person_id]) => ({ distinct_id, person_id, version }));
  return { rows, truncated: frontier.length > 0 };
}

let lastVersion = 0;
/**
 * Versions increase within a process even when two flushes share a millisecond; across
 * processes they follow the clock, taken after the computation's own edges were stored.
 */
export function nextPersonVersion(now = Date.now()): number {
  lastVersion = Math.max(now * 1000, lastVersion + 1);
  return lastVersion;
}

/** distinct id → person, latest version; a left join on it leaves person_id '' for ids that are their own person. */
export const PERSONS_SQL = `(SELECT distinct_id, argMax(person_id, version) AS person_id FROM person_overrides GROUP BY distinct_id)`;

/**
 * The FROM-clause join and the resolved id for an event whose own unit is `key`
 * (an allow-listed expression over the event's columns, never user input).
 */
export function personJoin(key: string, alias = 'person'): { join: string; id: string } {
  return {
    join: `LEFT ANY JOIN ${PERSONS_SQL} AS ${alias} ON ${alias}.distinct_id = ${key}`,
    id: `if(${alias}.person_id != '', ${alias}.person_id, ${key})`,
  };
}
