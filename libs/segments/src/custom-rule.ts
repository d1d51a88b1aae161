import { z } from 'zod';
import { line, measure } from '@northstar/http';

/** Fields a custom segment rule may test: the computed profile plus health and churn. */
export const RULE_FIELDS = [
  'recencyDays', 'frequency', 'monetaryMinor', 'rScore', 'fScore', 'mScore', 'rfmSegment', 'valueTier', 'frequencyTier',
  'lifecycleStage', 'salesStage', 'tenureDays', 'referrals', 'customerType', 'daysSinceInteraction', 'healthScore',
  'healthBand', 'churnProbability',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export type RuleFacts = Partial<Record<RuleField, string | number | null>>;

const scalar = z.union([line(200, { trim: false }), measure()]);
const Condition = z.discriminatedUnion('op', [
  z.object({ field: z.enum(RULE_FIELDS), op: z.enum(['eq', 'neq']), value: scalar }),
  z.object({ field: z.enum(RULE_FIELDS), op: z.enum(['gt', 'gte', 'lt', 'lte']), value: measure() }),
  z.object({ field: z.enum(RULE_FIELDS), op: z.literal('in'), value: z.array(scalar).min(1).max(100) }),
  z.object({ field: z.enum(RULE_FIELDS), op: z.literal('between'), value: z.tuple([measure(), measure()]) }),
  z.object({ field: z.enum(RULE_FIELDS), op: z.literal('isNull') }),
]);

export type SegmentRule =
  | z.infer<typeof Condition>
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule };

/**
 * The custom segment rule language: conditions on computed fields combined with
 * all / any / not, e.g. `{ all: [{ field: 'valueTier', op: 'eq', value: 'high' },
 * { field: 'churnProbability', op: 'gte', value: 0.4 }] }`. Depth and size are
 * bounded so a rule cannot be made arbitrarily expensive.
 */
export const SegmentRuleSchema: z.ZodType<SegmentRule> = z.lazy(() =>
  z.union([
    Condition,
    z.object({ all: z.array(SegmentRuleSchema).min(1).max(20) }).strict(),
    z.object({ any: z.array(SegmentRuleSchema).min(1).max(20) }).strict(),
    z.object({ not: SegmentRuleSchema }).strict(),
  ]),
);

export const CustomSegmentSchema = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  name: line(120).min(1),
  rule: SegmentRuleSchema,
});

export function evaluateRule(rule: SegmentRule, facts: RuleFacts): boolean {
  if ('all' in rule) return rule.all.every((r) => evaluateRule(r, facts));
  if ('any' in rule) return rule.any.some((r) => evaluateRule(r, facts));
  if ('not' in rule) return !evaluateRule(rule.not, facts);
  const v = facts[rule.field];
  switch (rule.op) {
    case 'isNull':
      return v === null || v === undefined;
    case 'eq':
      return v === rule.value;
    case 'neq':
      return v !== rule.value;
    case 'in':
      return v !== null && v !== undefined && rule.value.includes(v);
    case 'between':
      return typeof v === 'number' && v >= rule.value[0] && v <= rule.value[1];
    default: {
      if (typeof v !== 'number') return false;
      const x = rule.value;
      return rule.op === 'gt' ? v > x : rule.op === 'gte' ? v >= x : rule.op === 'lt' ? v < x : v <= x;
    }
  }
}
