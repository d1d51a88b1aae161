import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneCheck = { ok: true; e164: string; country?: string } | { ok: false; message: string };

/**
 * A phone number must be a real, dialable number for its country (libphonenumber's full
 * metadata: `isValid` checks number ranges, not just length) and is stored as E.164.
 * Numbers without '+' are read in `defaultCountry` (the customer's address country).
 */
export function normalisePhone(raw: string, defaultCountry?: string): PhoneCheck {
  const trimmed = raw.trim();
  if (!trimmed) return { ok: false, message: 'phone number is required' };
  const parsed = parsePhoneNumberFromString(trimmed, (defaultCountry?.toUpperCase() as CountryCode | undefined) ?? undefined);
  if (!parsed) return { ok: false, message: trimmed.startsWith('+') ? 'not a phone number' : 'not a phone number (use +<country code> or give a country)' };
  if (!parsed.isValid()) return { ok: false, message: `not a valid number${parsed.country ? ` for ${parsed.country}` : ''}` };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

/** Digits only, for partial phone search ("(416) 555" → "416555"). */
export const phoneDigits = (s: string) => s.replace(/\D+/g, '');
