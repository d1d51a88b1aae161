import { z } from 'zod';
import { DEFAULT_TAX_TABLE, type TaxTable } from '@northstar/money';
import { DEFAULT_DEPOSIT_BPS, DEFAULT_RATE_CARD, type RateCard } from './rate-card';

export const QUOTES_SETTINGS = Symbol('QUOTES_SETTINGS');

export interface QuotesSettings {
  /** Drafts with a total above this must be peer reviewed before sending (minor units). */
  reviewThresholdMinor: number;
  validityDays: number;
  /** A viewed quote with no decision after this many days gets one follow-up. */
  followUpAfterDays: number;
  /** How often the expiry/follow-up sweep runs. */
  sweepEveryMs: number;
  rateCard: RateCard;
  taxTable: TaxTable;
  depositBps: Record<'individual' | 'business', number>;
  /** Base of the customer links in mails (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
}

const env = z.object({
  QUOTE_REVIEW_THRESHOLD_MINOR: z.coerce.number().int().min(0).default(1_000_000),
  QUOTE_VALIDITY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  QUOTE_FOLLOW_UP_DAYS: z.coerce.number().int().min(1).max(90).default(3),
  QUOTE_SWEEP_EVERY_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  PUBLIC_BASE_URL: z.string().default('http://127.0.0.1:3000'),
});

/** Quote rules from the environment (QUOTE_* variables), with the rate card and tax table defaults. */
export function loadQuotesSettings(source: NodeJS.ProcessEnv = process.env): QuotesSettings {
  const parsed = env.safeParse(source);
  if (!parsed.success) throw new Error(`quotes settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    reviewThresholdMinor: e.QUOTE_REVIEW_THRESHOLD_MINOR,
    validityDays: e.QUOTE_VALIDITY_DAYS,
    followUpAfterDays: e.QUOTE_FOLLOW_UP_DAYS,
    sweepEveryMs: e.QUOTE_SWEEP_EVERY_MS,
    rateCard: DEFAULT_RATE_CARD,
    taxTable: DEFAULT_TAX_TABLE,
    depositBps: DEFAULT_DEPOSIT_BPS,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
  };
}
