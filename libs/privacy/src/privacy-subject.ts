import { Injectable } from '@nestjs/common';
import { ClickhouseService } from '@northstar/clickhouse';
import { PrismaService } from '@northstar/prisma';
import * as sql from './concerns/clickhouse.sql';
import { Needles, nameParts, phoneSpellings } from './redaction';

/**
 * The person an export or erasure is about, as every store knows them: Postgres by
 * customer id, ClickHouse and the queues by Segment ids, free text by name, email
 * and phone. Resolved once, before any store is touched, because erasing the
 * customer row and the identity links destroys exactly what finds the rest.
 */
export interface PrivacySubject {
  /** The customer asked about. */
  customerId: string;
  /** It and every customer merged into it (the same person's older records). */
  customerIds: string[];
  /** Business accounts no other customer belongs to. */
  accountIds: string[];
  /** Lower-cased. */
  emails: string[];
  /** As stored (E.164). */
  phones: string[];
  names: string[];
  /** Segment user ids linked to the customers, and their emails (sites that identify by email). */
  userIds: string[];
  /** Segment anonymous ids linked to the customers or to their user ids. */
  anonymousIds: string[];
}

/** What the customer row holds once erased; never taken for the person's own values. */
export const ERASED_CUSTOMER = {
  name: 'Erased customer',
  /** SQL over the customer row: unique per customer, as the columns' unique indexes need. */
  emailSql: `'erased-' || id || '@erased.invalid'`,
  phoneSql: `'erased-' || id`,
  accountName: 'Erased account',
};
const isPlaceholder = (v: string) => v === ERASED_CUSTOMER.name || v.startsWith('erased-');

/** Identity graph depth: anonymous → user → customer, with room for alias chains. */
const MAX_HOPS = 4;

const uniq = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v && !isPlaceholder(v)))];

/** Names, name words, emails and phone spellings: for text in the subject's own records. */
export const ownRecordNeedles = (s: PrivacySubject) =>
  new Needles([...s.names, ...s.names.flatMap(nameParts), ...s.emails, ...s.phones.flatMap(phoneSpellings)]);

/**
 * Full names, emails and phone spellings: for data shared with other people (queued
 * jobs, caches), where a first name alone would hit strangers.
 */
export const sharedDataNeedles = (s: PrivacySubject) => new Needles([...s.names, ...s.emails, ...s.phones.flatMap(phoneSpellings)]);

/** Every id the subject is stored under: customer ids, Segment user ids (emails among them) and anonymous ids. */
export const subjectIds = (s: PrivacySubject) => [...new Set([...s.customerIds, ...s.userIds, ...s.anonymousIds])];

@Injectable()
export class PrivacySubjectResolver {
  constructor(
    private readonly prisma: PrismaService,
    private readonly ch: ClickhouseService,
  ) {}

  async resolve(customerId: string): Promise<PrivacySubject> {
    const customerIds = await this.mergedInto(customerId);
    const people = await this.prisma.customer.findMany({
      where: { id: { in: customerIds } },
      select: { name: true, email: true, phone: true, secondaryPhone: true, whatsapp: true },
    });
    const accounts = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT c."accountId" AS id FROM customers c
       WHERE c.id = ANY(${customerIds}) AND c."accountId" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM customers o WHERE o."accountId" = c."accountId" AND NOT (o.id = ANY(${customerIds})))`;
    const emails = uniq(people.map((p) => p.email?.toLowerCase()));
    const links = await this.linkedIds([...customerIds, ...emails]);
    return {
      customerId,
      customerIds,
      accountIds: accounts.map((a) => a.id),
      emails,
      phones: uniq(people.flatMap((p) => [p.phone, p.secondaryPhone, p.whatsapp])),
      names: uniq(people.map((p) => p.name)),
      userIds: uniq([...links.filter((l) => l.kind === 'user').map((l) => l.id), ...emails]),
      anonymousIds: uniq(links.filter((l) => l.kind === 'anonymous').map((l) => l.id)),
    };
  }

  /** The customer and, transitively, every customer merged into it. */
  private async mergedInto(customerId: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE merged(id) AS (
        SELECT ${customerId}::text
        UNION SELECT c.id FROM customers c JOIN merged m ON c."mergedIntoId" = m.id
      ) SELECT id FROM merged`;
    return rows.map((r) => r.id);
  }

  /** Ids the identity graph links to the given ones (bounded transitive closure), with the kind of link. */
  private async linkedIds(start: string[]): Promise<{ kind: string; id: string }[]> {
    const seen = new Map<string, string>();
    let frontier = start;
    for (let hop = 0; hop < MAX_HOPS && frontier.length; hop++) {
      const rows = await this.ch.query<{ kind: string; from_id: string }>(sql.linkedIdsSql(), { to: frontier });
      frontier = rows.filter((r) => !seen.has(r.from_id) && !start.includes(r.from_id)).map((r) => r.from_id);
      rows.forEach((r) => seen.set(r.from_id, r.kind));
    }
    return [...seen].map(([id, kind]) => ({ id, kind }));
  }
}
