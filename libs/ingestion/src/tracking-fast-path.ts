import type { TrackingMessage } from './tracking-message.schema';

/**
 * Hand-written validation for the common, valid case. Running the zod schema over
 * every message was the largest CPU cost of ingestion (~9 µs a message, more than
 * parsing the request). These functions accept only input the zod schemas accept,
 * produce the same output (known keys only, ids as strings, timestamps as Dates),
 * and return undefined for anything they are not sure about — the caller then runs
 * the zod schema, which stays the single source of every error message. So a bug
 * here can cost speed, never change which batches are accepted or what the client
 * is told; tracking-fast-path.spec.ts checks both paths agree on varied input.
 */

const TYPES: ReadonlySet<string> = new Set(['track', 'identify', 'page', 'screen', 'group', 'alias']);

export const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const digits = (s: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
};

/** Date.parse rolls 2026-02-30 over to March; a malformed date must be refused instead. Expects ISO_8601 to have matched. */
export function realCalendarDate(s: string): boolean {
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** The zod `timestamp` rule as one function: a Date, or undefined when the string is not acceptable. */
export function parseTimestamp(s: string): Date | undefined {
  if (!ISO_8601.test(s)) return undefined;
  const d = new Date(s);
  const t = d.getTime();
  if (Number.isNaN(t) || !realCalendarDate(s)) return undefined;
  const y = d.getUTCFullYear();
  return y >= 1970 && y < 2200 ? d : undefined;
}

/** Marks "not sure": the caller must fall back to zod. */
const UNSURE = Symbol('unsure');
type Maybe<T> = T | typeof UNSURE;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optRecord(v: unknown): Maybe<Record<string, unknown> | undefined> {
  if (v === undefined) return undefined;
  return isRecord(v) && Object.getPrototypeOf(v) === Object.prototype ? v : UNSURE;
}

function optTimestamp(v: unknown): Maybe<Date | undefined> {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return UNSURE;
  return parseTimestamp(v) ?? UNSURE;
}

/** Segment accepts numeric ids and treats them as strings; null is kept (nullable). */
function optIdentifier(v: unknown): Maybe<string | null | undefined> {
  if (v === undefined || v === null) return v;
  const s = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
  return s !== undefined && s.length <= 256 ? s : UNSURE;
}

function optString(v: unknown, max: number, nullable: boolean): Maybe<string | null | undefined> {
  if (v === undefined || (nullable && v === null)) return v as undefined | null;
  return typeof v === 'string' && v.length <= max ? v : UNSURE;
}

/** One message, or undefined when zod must decide (and word the error). */
export function fastMessage(raw: unknown): TrackingMessage | undefined {
  if (!isRecord(raw)) return undefined;
  const type = raw.type;
  if (typeof type !== 'string' || !TYPES.has(type)) return undefined;
  const messageId = raw.messageId;
  if (messageId !== undefined && (typeof messageId !== 'string' || messageId.length < 1 || messageId.length > 256)) return undefined;
  const userId = optIdentifier(raw.userId);
  const anonymousId = optIdentifier(raw.anonymousId);
  const groupId = optIdentifier(raw.groupId);
  const previousId = optIdentifier(raw.previousId);
  const timestamp = optTimestamp(raw.timestamp);
  const originalTimestamp = optTimestamp(raw.originalTimestamp);
  const sentAt = optTimestamp(raw.sentAt);
  const context = optRecord(raw.context);
  const integrations = optRecord(raw.integrations);
  const properties = optRecord(raw.properties);
  const traits = optRecord(raw.traits);
  const event = optString(raw.event, 512, false);
  const name = optString(raw.name, 512, true);
  const category = optString(raw.category, 512, true);
  if (
    userId === UNSURE ||
    anonymousId === UNSURE ||
    groupId === UNSURE ||
    previousId === UNSURE ||
    timestamp === UNSURE ||
    originalTimestamp === UNSURE ||
    sentAt === UNSURE ||
    context === UNSURE ||
    integrations === UNSURE ||
    properties === UNSURE ||
    traits === UNSURE ||
    event === UNSURE ||
    name === UNSURE ||
    category === UNSURE
  ) {
    return undefined;
  }
  // The schema's superRefine rules; any miss goes to zod for the exact wording.
  if (type === 'alias') {
    if (!userId || !previousId) return undefined;
  } else {
    if (!userId && !anonymousId) return undefined;
    if (type === 'track' && !event) return undefined;
    if (type === 'group' && !groupId) return undefined;
  }
  // Only present keys, as zod's object output has them (unknown keys stripped).
  const m: Record<string, unknown> = { type };
  if (messageId !== undefined) m.messageId = messageId;
  if (userId !== undefined) m.userId = userId;
  if (anonymousId !== undefined) m.anonymousId = anonymousId;
  if (timestamp !== undefined) m.timestamp = timestamp;
  if (originalTimestamp !== undefined) m.originalTimestamp = originalTimestamp;
  if (sentAt !== undefined) m.sentAt = sentAt;
  if (context !== undefined) m.context = context;
  if (integrations !== undefined) m.integrations = integrations;
  if (properties !== undefined) m.properties = properties;
  if (traits !== undefined) m.traits = traits;
  if (event !== undefined) m.event = event;
  if (name !== undefined) m.name = name;
  if (category !== undefined) m.category = category;
  if (groupId !== undefined) m.groupId = groupId;
  if (previousId !== undefined) m.previousId = previousId;
  return m as TrackingMessage;
}

export interface FastEnvelope {
  batch: unknown[];
  sentAt?: Date;
  context?: Record<string, unknown>;
}

/** The /v1/batch envelope, or undefined when zod must decide. */
export function fastEnvelope(body: unknown): FastEnvelope | undefined {
  if (!isRecord(body)) return undefined;
  const { batch, writeKey } = body;
  if (!Array.isArray(batch) || batch.length === 0) return undefined;
  if (writeKey !== undefined && typeof writeKey !== 'string') return undefined;
  const sentAt = optTimestamp(body.sentAt);
  const context = optRecord(body.context);
  const integrations = optRecord(body.integrations);
  if (sentAt === UNSURE || context === UNSURE || integrations === UNSURE) return undefined;
  return { batch, sentAt, context };
}
