export interface RoutingRule {
  category: string;
  complexity: string;
  queue: string;
  ownerId?: string | null;
}

export interface Route {
  queue: string;
  ownerId: string | null;
}

/** Used when the rules table has nothing that matches (and to seed it). */
export const DEFAULT_ROUTES: RoutingRule[] = [
  { category: '*', complexity: '*', queue: 'general', ownerId: null },
  { category: '*', complexity: 'complex', queue: 'solutions', ownerId: null },
  { category: 'repair', complexity: '*', queue: 'service-desk', ownerId: null },
  { category: 'support', complexity: '*', queue: 'service-desk', ownerId: null },
];

/** The most specific rule wins: exact category+complexity, then category, then complexity, then '*'. */
export function resolveRoute(rules: RoutingRule[], category: string, complexity: string): Route {
  const score = (r: RoutingRule) => (r.category === category ? 2 : r.category === '*' ? 0 : -10) + (r.complexity === complexity ? 1 : r.complexity === '*' ? 0 : -10);
  const best = [...rules, ...DEFAULT_ROUTES]
    .map((r, i) => ({ r, s: score(r), i }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => b.s - a.s || a.i - b.i)[0];
  return { queue: best.r.queue, ownerId: best.r.ownerId ?? null };
}
