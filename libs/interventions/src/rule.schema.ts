import { z } from 'zod';
import { line, text } from '@northstar/http';

export const TriggerSchema = z.discriminatedUnion('type', [
  /** The customer's health band is one of `bands` (fires once per cooldown after the change). */
  z.object({ type: z.literal('health_band'), bands: z.array(z.enum(['green', 'yellow', 'red'])).min(1) }),
  z.object({ type: z.literal('churn_risk'), threshold: z.number().min(0).max(1) }),
  /** A quote viewed at least `days` ago and neither accepted, rejected nor expired since. */
  z.object({ type: z.literal('quote_undecided'), days: z.number().int().min(0).max(365) }),
  z.object({ type: z.literal('quote_rejected'), withinDays: z.number().int().min(1).max(365).default(7) }),
  z.object({ type: z.literal('invoice_overdue'), days: z.number().int().min(0).max(365) }),
  z.object({ type: z.literal('no_interaction'), days: z.number().int().min(1).max(3650) }),
  z.object({ type: z.literal('nps_detractor'), withinDays: z.number().int().min(1).max(365).default(30), maxScore: z.number().min(0).max(10).default(6) }),
  /** Tracked usage in the last 30 days fell by at least `dropPct` % versus the 30 days before. */
  z.object({ type: z.literal('usage_drop'), dropPct: z.number().min(1).max(100), minPrevious: z.number().int().min(1).default(10) }),
]);
export type Trigger = z.infer<typeof TriggerSchema>;

const NurtureStep = z.object({
  afterHours: z.number().min(0).max(24 * 365),
  channel: z.enum(['email', 'sms']),
  template: text(4000).min(1),
  subject: line(200).optional(),
});

export const ActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('task'),
    kind: z.enum(['outreach', 'executive_engagement', 'follow_up']).optional(),
    owner: line(120).min(1).optional(),
    dueHours: z.number().min(1).max(24 * 90).optional(),
    title: line(300).optional(),
  }),
  z.object({ type: z.literal('message'), channel: z.enum(['email', 'sms']), template: text(4000).min(1), subject: line(200).optional() }),
  z.object({ type: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }).max(2000), text: text(2000).optional() }),
  z.object({ type: z.literal('nurture'), sequenceKey: z.string().regex(/^[a-z0-9-]{1,60}$/), steps: z.array(NurtureStep).min(1).max(20) }),
  z.object({ type: z.literal('segment'), segmentKey: z.string().regex(/^[a-z0-9:-]{1,80}$/) }),
]);
export type Action = z.infer<typeof ActionSchema>;
export type NurtureStepDef = z.infer<typeof NurtureStep>;

export const RuleSchema = z.object({
  name: line(200).min(1),
  enabled: z.boolean().default(true),
  trigger: TriggerSchema,
  holdForDays: z.number().int().min(0).max(365).default(0),
  cooldownDays: z.number().int().min(1).max(3650).default(30),
  actions: z.array(ActionSchema).min(1).max(10),
  holdoutShare: z.number().min(0).max(1).default(0),
});
export type RuleInput = z.infer<typeof RuleSchema>;
export const RulePatchSchema = RuleSchema.partial();

/** The playbook's defaults: yellow → outreach within 48 h; red → executive engagement within 24 h. */
export function defaultTask(band: string | null | undefined): { kind: 'outreach' | 'executive_engagement'; dueHours: number; title: string } {
  return band === 'red'
    ? { kind: 'executive_engagement', dueHours: 24, title: 'Executive engagement and retention plan' }
    : { kind: 'outreach', dueHours: 48, title: 'Proactive customer-success outreach' };
}
