import { z } from 'zod';

/** PostgreSQL `integer`. */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;

/**
 * The largest amount any one money field takes, in minor units (10,000,000.00): amounts
 * are stored in `integer` columns, and sums of a few of them (a quote's lines, an
 * invoice's payments) must still fit one.
 */
export const MAX_MINOR_UNITS = 1_000_000_000;

/** An integer that fits a PostgreSQL `integer` column (narrow it further with .min/.max). */
export const int4 = () => z.number().int().min(INT4_MIN).max(INT4_MAX);

/** A count, quantity or index that fits an `integer` column and is never negative. */
export const count = () => z.number().int().min(0).max(INT4_MAX);

/** Money: integer minor units (cents), never negative, at most MAX_MINOR_UNITS. */
export const minorUnits = () => z.number().int('amounts are integer minor units').min(0, 'must not be negative').max(MAX_MINOR_UNITS, `must be at most ${MAX_MINOR_UNITS} minor units`);

/**
 * A measurement (a score, a share, a threshold): finite, and within ±1e12 so that
 * nothing downstream (ClickHouse Float64 comparisons, JSON) meets a number it rounds.
 */
export const MAX_MEASURE = 1e12;
export const measure = () => z.number().min(-MAX_MEASURE).max(MAX_MEASURE);

/** A query-string integer (`?limit=50`): coerced from its text, within an `integer` column. */
export const queryInt = () => z.coerce.number().int().min(INT4_MIN).max(INT4_MAX);

const hasAtMostTwoDecimals = (h: number) => Math.abs(h * 100 - Math.round(h * 100)) < 1e-9;

/** Hours with at most two decimals (they are stored as hundredths), more than 0 and at most `max`. */
export const hours = (max: number) => z.number().positive().max(max).refine(hasAtMostTwoDecimals, 'at most 2 decimals');
