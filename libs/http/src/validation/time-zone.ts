import { z } from 'zod';
import { isValidTimeZone } from '@northstar/business-hours';

/** An IANA time zone name, spelled exactly as the tz database spells it (`America/Toronto`, `UTC`). */
export const timeZone = () => z.string().max(64).refine(isValidTimeZone, 'expected an IANA time zone, e.g. America/Toronto');
