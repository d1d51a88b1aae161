import { z } from 'zod';
import type { FieldProblem } from '@northstar/http';
import { zodProblems } from '@northstar/http';
import { ISO_8601, fastEnvelope, fastMessage, realCalendarDate } from './tracking-fast-path';

/** Segment's limits: a message may be 32 KB, a batch request 500 KB. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

export const SEGMENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type TrackingMessageType = (typeof SEGMENT_TYPES)[number];

/** An ISO-8601 date-time (what every Segment library sends), as a Date. */
const timestamp = z
  .string({ message: 'must be an ISO-8601 date-time string' })
  .refine((s) => ISO_8601.test(s) && !Number.isNaN(Date.parse(s)) && realCalendarDate(s), { message: 'must be an ISO-8601 date-time string' })
  .transform((s) => new Date(s))
  // DateTime64(3) holds 1900–2299; anything outside a sane window is a client bug, not an event.
  .refine((d) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() < 2200, { message: 'must be between 1970 and 2199' });

/** Segment accepts numeric ids and treats them as strings. */
const identifier = z
  .union([z.string(), z.number()], { message: 'must be a string' })
  .transform((v) => String(v))
  .refine((v) => v.length <= 256, { message: 'must be at most 256 characters' });

const object = z.record(z.string(), z.unknown(), { message: 'must be an object' });

export const TrackingMessageSchema = z
  .object({
    type: z.enum(SEGMENT_TYPES, { message: `must be one of ${SEGMENT_TYPES.join(', ')}` }),
    messageId: z.string({ message: 'must be a string' }).min(1).max(256).optional(),
    userId: identifier.optional().nullable(),
    anonymousId: identifier.optional().nullable(),
    timestamp: timestamp.optional(),
    originalTimestamp: timestamp.optional(),
    sentAt: timestamp.optional(),
    context: object.optional(),
    integrations: object.optional(),
    properties: object.optional(),
    traits: object.optional(),
    event: z.string({ message: 'must be a string' }).max(512).optional(),
    name: z.string({ message: 'must be a string' }).max(512).optional().nullable(),
    category: z.string().max(512).optional().nullable(),
    groupId: identifier.optional().nullable(),
    previousId: identifier.optional().nullable(),
  })
  .superRefine((m, ctx) => {
    if (m.type === 'alias') {
      if (!m.userId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'userId is required for alias' });
      if (!m.previousId) ctx.addIssue({ code: 'custom', path: ['previousId'], message: 'previousId is required for alias' });
      return;
    }
    if (!m.userId && !m.anonymousId) {
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'userId or anonymousId is required' });
    }
    if (m.type === 'track' && !m.event) ctx.addIssue({ code: 'custom', path: ['event'], message: 'event is required for track' });
    if (m.type === 'group' && !m.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'groupId is required for group' });
  });

export type TrackingMessage = z.infer<typeof TrackingMessageSchema>;

export const BatchEnvelopeSchema = z.object({
  batch: z.array(z.unknown(), { message: 'must be an array of messages' }).min(1, { message: 'must contain at least one message' }),
  sentAt: timestamp.optional(),
  context: object.optional(),
  integrations: object.optional(),
  writeKey: z.string().optional(),
});

export type BatchEnvelope = z.infer<typeof BatchEnvelopeSchema>;

export type ValidationResult =
  | { ok: true; envelope: { sentAt?: Date; context?: Record<string, unknown> }; messages: TrackingMessage[] }
  | { ok: false; problems: FieldProblem[] };

function byteLength(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v) ?? '');
}

/**
 * Validates a whole /v1/batch body. Every problem names the message index and
 * field (`batch.3.timestamp`), and one bad message rejects the whole batch:
 * accepting part of a batch would leave the client unable to tell which messages
 * to resend. The body has already passed the global InputShapePipe (@northstar/http:
 * nesting depth and size, reserved keys, finite numbers, text in every field and
 * property): byteLength below recurses, and properties 5,000 levels deep once
 * overflowed the stack here.
 */
export function validateBatch(body: unknown, rawBytes?: number): ValidationResult {
  if (rawBytes !== undefined && rawBytes > MAX_BATCH_BYTES) {
    return { ok: false, problems: [{ field: '(body)', message: `batch is ${rawBytes} bytes; the limit is ${MAX_BATCH_BYTES} bytes (500 KB)` }] };
  }
  let env: { batch: unknown[]; sentAt?: Date; context?: Record<string, unknown> } | undefined = fastEnvelope(body);
  if (!env) {
    const parsed = BatchEnvelopeSchema.safeParse(body);
    if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
    env = parsed.data;
  }
  const problems: FieldProblem[] = [];
  const messages: TrackingMessage[] = [];
  env.batch.forEach((raw, i) => {
    const size = byteLength(raw);
    if (size > MAX_MESSAGE_BYTES) {
      problems.push({ field: `batch.${i}`, message: `message is ${size} bytes; the limit is ${MAX_MESSAGE_BYTES} bytes (32 KB)` });
      return;
    }
    // Once a problem is found the batch is refused anyway: zod then words every problem.
    const fast = problems.length ? undefined : fastMessage(raw);
    if (fast) {
      messages.push(fast);
      return;
    }
    const r = TrackingMessageSchema.safeParse(raw);
    if (r.success) messages.push(r.data);
    else problems.push(...zodProblems(r.error, `batch.${i}`));
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, envelope: { sentAt: env.sentAt, context: env.context }, messages };
}

/** Validates the body of /v1/track, /v1/identify… (one message; its type is the path's). */
export function validateSingle(type: TrackingMessageType, body: unknown, rawBytes?: number): ValidationResult {
  const size = rawBytes ?? byteLength(body);
  if (size > MAX_MESSAGE_BYTES) {
    return { ok: false, problems: [{ field: '(body)', message: `message is ${size} bytes; the limit is ${MAX_MESSAGE_BYTES} bytes (32 KB)` }] };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, problems: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  const given = (body as { type?: unknown }).type;
  if (given !== undefined && given !== type) {
    return { ok: false, problems: [{ field: 'type', message: `must be "${type}" on /v1/${type} (or omitted)` }] };
  }
  const withType = { ...(body as object), type };
  const fast = fastMessage(withType);
  if (fast) return { ok: true, envelope: {}, messages: [fast] };
  const r = TrackingMessageSchema.safeParse(withType);
  if (!r.success) return { ok: false, problems: zodProblems(r.error) };
  return { ok: true, envelope: {}, messages: [r.data] };
}
