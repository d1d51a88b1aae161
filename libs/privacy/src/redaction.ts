import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** What an erased value becomes in text that is kept (a quote's scope, a payment reference). */
export const ERASED = '[erased]';

/**
 * A needle matches only as a whole: not inside a longer word or number, so erasing
 * "Ann" leaves "Annual" alone and erasing "+15551234" leaves "+155512345" alone.
 */
const EDGE_BEFORE = '(?<![\\p{L}\\p{N}])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}])';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The spellings a phone number takes in text people write: E.164, its digits, and the
 * national and international formats ("+1 416 555 0199", "(416) 555-0199", "4165550199").
 */
export function phoneSpellings(phone: string): string[] {
  const p = parsePhoneNumberFromString(phone);
  const out = [phone, phone.replace(/\D+/g, '')];
  if (p) out.push(p.number, String(p.nationalNumber), p.formatNational(), p.formatInternational());
  return out;
}

/** Words of a name worth erasing on their own ("Zoë" of "Zoë Martin"): two letters or more; initials are not. */
export const nameParts = (name: string): string[] => name.match(/[\p{L}\p{N}'’]{2,}/gu) ?? [];

/**
 * One matcher for many needles (longest first, so a full name wins over its first
 * word), case-insensitive, whole-word. Empty or blank needles are ignored; with none
 * left the matcher matches nothing.
 */
export class Needles {
  private readonly pattern: RegExp | null;
  readonly list: string[];

  constructor(needles: Iterable<string>) {
    this.list = [...new Set([...needles].map((n) => n.trim()).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
    this.pattern = this.list.length ? new RegExp(`${EDGE_BEFORE}(?:${this.list.map(escape).join('|')})${EDGE_AFTER}`, 'giu') : null;
  }

  /** True when the text holds one of the needles. */
  foundIn(text: string): boolean {
    if (!this.pattern) return false;
    this.pattern.lastIndex = 0;
    return this.pattern.test(text);
  }

  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, ERASED) : text;
  }

  /** Every string inside a JSON value (keys too), redacted; other values as they were. */
  redactJson(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.redactJson(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.redactJson(v)]));
    }
    return value;
  }
}
