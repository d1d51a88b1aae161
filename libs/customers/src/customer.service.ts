import { Injectable, Logger, Optional } from '@nestjs/common';
import { Prisma, PrismaService, type Customer } from '@northstar/prisma';
import { LifecycleTransaction, lifecycleNow, type Emit, type Tx } from '@northstar/outbox';
import { LifecycleEvent } from '@northstar/contracts';
import { ApiError, type FieldProblem } from '@northstar/http';
import { AuditService } from '@northstar/audit';
import type { Actor } from '@northstar/access';
import { normalisePhone, phoneDigits } from './phone';
import { defaultTimeZone } from './time-zones';
import { LifecycleStageService, legacyStage } from '@northstar/lifecycle-stage';
import type { RegisterCustomerInput } from './customer.schemas';
import type { UpdateCustomerInput } from './customer-update.schema';
import { contentMatchesType, storeFile } from './file-store';
import { customerMergeHooks } from './customer-merge.registry';

export const formatCustomerNumber = (seq: number) => `C-${String(seq).padStart(6, '0')}`;

/** Tables the merge handles itself rather than by the generic foreign-key sweep. */
type AddressFields<T> = { line1?: T; line2?: T; city?: T; region?: T; postalCode?: T; country?: T };

/** An address as the customer's columns (registration and edits alike; a field left out is left alone). */
function addressColumns<T>(a: AddressFields<T>) {
  return { addressLine1: a.line1, addressLine2: a.line2, city: a.city, region: a.region, postalCode: a.postalCode, country: a.country };
}

const MERGE_SPECIAL = new Set(['communication_preferences', 'customers', 'customer_lifecycle']);

@Injectable()
export class CustomerService {
  private readonly logger = new Logger('Customers');

  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
    private readonly stages: LifecycleStageService,
    @Optional() private readonly audit?: AuditService,
  ) {}

  /** Validates phones (needs the country) and throws 400 naming each bad field. */
  normalise(input: RegisterCustomerInput) {
    const problems: FieldProblem[] = [];
    const country = input.address?.country;
    const check = (field: string, raw?: string) => {
      if (!raw) return undefined;
      const r = normalisePhone(raw, country);
      if (!r.ok) problems.push({ field, message: r.message });
      return r.ok ? r.e164 : undefined;
    };
    const phone = check('phone', input.phone)!;
    const secondaryPhone = check('secondaryPhone', input.secondaryPhone);
    const whatsapp = check('whatsapp', input.whatsapp);
    input.contacts?.forEach((c, i) => {
      if (c.phone) c.phone = check(`contacts.${i}.phone`, c.phone);
    });
    if (problems.length) throw ApiError.validation(problems);
    return { phone, secondaryPhone, whatsapp };
  }

  /** 409 naming the field and the existing (live) customer when email or phone is taken. */
  async assertUnique(tx: Tx | PrismaService, email: string, phone: string, exceptId?: string): Promise<void> {
    const existing = await tx.customer.findMany({
      where: { OR: [{ email }, { phone }], ...(exceptId ? { NOT: { id: exceptId } } : {}) },
      select: { id: true, email: true, phone: true, mergedIntoId: true },
    });
    for (const field of ['email', 'phone'] as const) {
      const hit = existing.find((c) => c[field] === (field === 'email' ? email : phone));
      if (hit) {
        const existingCustomerId = hit.mergedIntoId ?? hit.id;
        throw ApiError.conflict(`duplicate_${field}`, `A customer with this ${field} already exists`, { field, existingCustomerId }, [
          { field, message: `already used by customer ${existingCustomerId}` },
        ]);
      }
    }
  }

  async register(input: RegisterCustomerInput): Promise<Customer> {
    const phones = this.normalise(input);
    await this.assertUnique(this.prisma, input.email, phones.phone);
    try {
      return await this.lifecycle.run((tx, emit) => this.registerInTx(tx, emit, input, phones));
    } catch (e) {
      // Two registrations racing past the pre-check: the unique index decides; answer like the pre-check.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') await this.assertUnique(this.prisma, input.email, phones.phone);
      throw e;
    }
  }

  /** Creates the customer (and account, contacts, preferences) inside the caller's transaction. */
  async registerInTx(
    tx: Tx,
    emit: Emit,
    input: RegisterCustomerInput,
    phones: { phone: string; secondaryPhone?: string; whatsapp?: string },
    now = lifecycleNow(),
  ): Promise<Customer> {
    const [{ seq }] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT nextval('customer_number_seq') AS seq`;
    let accountId: string | undefined;
    if (input.type === 'business') {
      const account = await tx.account.create({
        data: {
          name: input.accountName ?? input.company!,
          createdAt: now,
          contacts: input.contacts?.length
            ? { create: input.contacts.map((c) => ({ name: c.name, role: c.role, email: c.email, phone: c.phone, isPrimary: c.isPrimary ?? false })) }
            : undefined,
        },
      });
      accountId = account.id;
    }
    const a: Partial<NonNullable<RegisterCustomerInput['address']>> = input.address ?? {};
    const customer = await tx.customer.create({
      data: {
        customerNumber: formatCustomerNumber(Number(seq)),
        type: input.type,
        name: input.name,
        email: input.email,
        phone: phones.phone,
        phoneDigits: phoneDigits(phones.phone),
        secondaryPhone: phones.secondaryPhone,
        whatsapp: phones.whatsapp,
        preferredContact: input.preferredContact,
        ...addressColumns(a),
        company: input.company,
        dateOfBirth: input.dateOfBirth ? new Date(`${input.dateOfBirth}T00:00:00Z`) : undefined,
        occupation: input.occupation,
        language: input.language,
        timeZone: input.timeZone ?? defaultTimeZone(a.country),
        channel: input.channel,
        lifecycleStage: input.lifecycleStage ?? 'lead',
        accountId,
        currency: input.currency ?? 'CAD',
        createdAt: now,
        preference: { create: { preferredChannel: input.preferredContact, language: input.language, marketingOptIn: false } },
      },
    });
    await tx.consentEvent.create({
      data: { customerId: customer.id, field: 'preferredChannel', oldValue: null, newValue: input.preferredContact, source: 'registration', occurredAt: now },
    });
    emit({
      name: LifecycleEvent.CustomerRegistered,
      aggregateType: 'customer',
      aggregateId: customer.id,
      customerId: customer.id,
      accountId: accountId ?? null,
      properties: { channel: input.channel, customerType: input.type, customerNumber: customer.customerNumber, ...(input.referredBy ? { referredBy: input.referredBy } : {}) },
      occurredAt: now,
    });
    return customer;
  }

  async getLive(id: string, tx: Tx | PrismaService = this.prisma): Promise<Customer> {
    const c = await tx.customer.findUnique({ where: { id } });
    if (!c || c.deletedAt) throw ApiError.notFound('Customer');
    return c;
  }

  /**
   * The 360: the customer, account contacts, preferences, documents, notes, and — derived
   * from every record they have, with the same rules the stored stages use — both
   * lifecycle stages with their entry dates, customer since, last service and the whole
   * service history. Derived here rather than read back, so the 360 is never behind the
   * records the timeline shows.
   */
  async profile(id: string) {
    const c = await this.prisma.customer.findUnique({
      where: { id },
      include: {
        account: { include: { contacts: { orderBy: { createdAt: 'asc' } } } },
        preference: true,
        notes: { orderBy: { createdAt: 'desc' }, take: 100 },
        documents: { orderBy: { createdAt: 'desc' }, select: { id: true, filename: true, mimeType: true, sizeBytes: true, sha256: true, createdAt: true } },
      },
    });
    if (!c) throw ApiError.notFound('Customer');
    if (c.mergedIntoId) throw ApiError.conflict('customer_merged', 'This customer was merged into another', { mergedIntoId: c.mergedIntoId });
    if (c.deletedAt) throw ApiError.notFound('Customer');
    const { lifecycle, records } = await this.stages.current(id, c.createdAt);
    return {
      ...c,
      lifecycleStage: legacyStage(lifecycle.relationship.stage, c.lifecycleStage),
      customerSince: lifecycle.customerSince,
      lastServiceAt: lifecycle.lastServiceAt,
      stages: { sales: lifecycle.sales, relationship: lifecycle.relationship, history: lifecycle.history },
      contacts: c.account?.contacts ?? [],
      serviceHistory: records.map((r) => ({
        kind: r.kind,
        id: r.id,
        reference: r.reference,
        title: r.title,
        status: r.status,
        at: r.at,
        amountMinor: r.amount_minor,
        currency: r.currency,
      })),
    };
  }

  /**
   * Corrects master data. Phones are normalised against the (new or current) address
   * country; a taken email or phone is a 409 like at registration. The audit entry
   * names the fields changed, not their values: the trail is append-only and erasure
   * cannot reach it.
   */
  async update(id: string, input: UpdateCustomerInput, actor: Actor) {
    const c = await this.getLive(id);
    const country = input.address?.country === undefined ? c.country ?? undefined : input.address.country ?? undefined;
    const problems: FieldProblem[] = [];
    const phone = (field: string, raw: string | null | undefined) => {
      if (!raw) return raw;
      const r = normalisePhone(raw, country);
      if (!r.ok) problems.push({ field, message: r.message });
      return r.ok ? r.e164 : undefined;
    };
    const a = input.address ?? {};
    const data: Prisma.CustomerUpdateInput = {
      name: input.name,
      email: input.email,
      phone: phone('phone', input.phone) ?? undefined,
      secondaryPhone: phone('secondaryPhone', input.secondaryPhone),
      whatsapp: phone('whatsapp', input.whatsapp),
      preferredContact: input.preferredContact,
      ...addressColumns(a),
      company: input.company,
      dateOfBirth: input.dateOfBirth === undefined ? undefined : input.dateOfBirth && new Date(`${input.dateOfBirth}T00:00:00Z`),
      occupation: input.occupation,
      language: input.language,
      timeZone: input.timeZone,
    };
    if (problems.length) throw ApiError.validation(problems);
    if (typeof data.phone === 'string') data.phoneDigits = phoneDigits(data.phone);
    const fields = Object.keys(data).filter((k) => data[k as keyof typeof data] !== undefined && k !== 'phoneDigits');
    if (data.email !== undefined || data.phone !== undefined) await this.assertUnique(this.prisma, (data.email as string) ?? c.email, (data.phone as string) ?? c.phone, id);
    try {
      await this.prisma.customer.update({ where: { id }, data });
    } catch (e) {
      // A registration racing past the pre-check: the unique index decides; answer like the pre-check.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') await this.assertUnique(this.prisma, (data.email as string) ?? c.email, (data.phone as string) ?? c.phone, id);
      throw e;
    }
    await this.audit?.record({ actor, action: 'customer.update', resourceType: 'customer', resourceId: id, metadata: { fields } });
    return this.profile(id);
  }

  async addContact(customerId: string, input: { name: string; role?: string; email?: string; phone?: string; isPrimary?: boolean }) {
    const c = await this.getLive(customerId);
    if (!c.accountId) throw ApiError.conflict('not_business', 'Only business customers have account contacts');
    let phone = input.phone;
    if (phone) {
      const r = normalisePhone(phone, c.country ?? undefined);
      if (!r.ok) throw ApiError.validation([{ field: 'phone', message: r.message }]);
      phone = r.e164;
    }
    return this.prisma.contact.create({ data: { accountId: c.accountId, name: input.name, role: input.role, email: input.email, phone, isPrimary: input.isPrimary ?? false } });
  }

  async addNote(customerId: string, body: string, authorId?: string) {
    await this.getLive(customerId);
    return this.prisma.customerNote.create({ data: { customerId, body, authorId } });
  }

  async addDocument(customerId: string, f: { filename: string; mimeType: string; contentBase64: string }, uploadedBy?: string) {
    await this.getLive(customerId);
    const buf = Buffer.from(f.contentBase64, 'base64');
    if (buf.length > 10 * 1024 * 1024) throw ApiError.validation([{ field: 'contentBase64', message: 'file larger than 10 MB' }]);
    if (!contentMatchesType(buf, f.mimeType)) throw ApiError.validation([{ field: 'contentBase64', message: `content is not ${f.mimeType}` }]);
    const stored = storeFile(buf);
    const doc = await this.prisma.customerDocument.create({
      data: { customerId, filename: f.filename, mimeType: f.mimeType, sizeBytes: stored.sizeBytes, sha256: stored.sha256, storagePath: stored.storagePath, uploadedBy },
    });
    const { storagePath: _hidden, ...publicDoc } = doc;
    return publicDoc;
  }

  async softDelete(id: string, actor?: Actor): Promise<void> {
    await this.getLive(id);
    await this.prisma.customer.update({ where: { id }, data: { deletedAt: new Date() } });
    if (actor) await this.audit?.record({ actor, action: 'customer.soft_delete', resourceType: 'customer', resourceId: id });
  }

  /**
   * Moves everything of `fromId` onto `intoId` in one transaction: every row with a
   * foreign key to customers(id) (found in the catalog, so quotes/appointments/
   * invoices added later are covered without code here), consent history, account;
   * then the registered hooks; then marks `fromId` merged (soft-deleted, pointing at
   * `intoId`). Both rows are locked in id order so two crossing merges cannot deadlock
   * into an A→B, B→A cycle.
   */
  async merge(fromId: string, intoId: string, actor: Actor, reason?: string) {
    const result = await this.lifecycle.run(async (tx, emit) => {
      const locked = await tx.$queryRaw<{ id: string; deletedAt: Date | null; mergedIntoId: string | null; accountId: string | null }[]>`
        SELECT id, "deletedAt", "mergedIntoId", "accountId" FROM customers WHERE id IN (${fromId}, ${intoId}) ORDER BY id FOR UPDATE`;
      const from = locked.find((r) => r.id === fromId);
      const into = locked.find((r) => r.id === intoId);
      if (!from) throw ApiError.notFound(`Customer ${fromId}`);
      if (!into) throw ApiError.notFound(`Customer ${intoId}`);
      if (from.mergedIntoId) throw ApiError.conflict('already_merged', `Customer ${fromId} was already merged`, { mergedIntoId: from.mergedIntoId });
      if (into.mergedIntoId || into.deletedAt) throw ApiError.conflict('target_not_live', `Customer ${intoId} is deleted or merged`);

      const moved: Record<string, number> = {};
      const fks = await tx.$queryRaw<{ table: string; column: string }[]>`
        SELECT cl.relname AS "table", att.attname AS "column"
        FROM pg_constraint con
        JOIN pg_class cl ON cl.oid = con.conrelid
        JOIN pg_class ref ON ref.oid = con.confrelid
        JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
        WHERE con.contype = 'f' AND ref.relname = 'customers' AND array_length(con.conkey, 1) = 1`;
      for (const { table, column } of fks) {
        if (MERGE_SPECIAL.has(table)) continue;
        const n = await tx.$executeRawUnsafe(`UPDATE "${table.replace(/"/g, '')}" SET "${column.replace(/"/g, '')}" = $1 WHERE "${column.replace(/"/g, '')}" = $2`, intoId, fromId);
        if (n) moved[`${table}.${column}`] = n;
      }
      // Customers merged earlier into `from` now point at `into` (no chains).
      const rechained = await tx.customer.updateMany({ where: { mergedIntoId: fromId }, data: { mergedIntoId: intoId } });
      if (rechained.count) moved['customers.mergedIntoId'] = rechained.count;
      await tx.communicationPreference.deleteMany({ where: { customerId: fromId } });
      // The survivor's stages are derived again from the records it now holds (Customer Merged reaches the refresh).
      await tx.customerLifecycle.deleteMany({ where: { customerId: fromId } });
      if (from.accountId && !into.accountId) await tx.customer.update({ where: { id: intoId }, data: { accountId: from.accountId } });
      for (const hook of customerMergeHooks()) {
        const n = await hook.reassign(fromId, intoId, tx);
        if (typeof n === 'number') moved[`hook:${hook.name}`] = n;
      }
      await tx.consentEvent.create({ data: { customerId: intoId, field: 'merge', oldValue: fromId, newValue: intoId, source: actorSource(actor) } });
      const now = new Date();
      await tx.customer.update({ where: { id: fromId }, data: { mergedIntoId: intoId, deletedAt: from.deletedAt ?? now } });
      emit({
        name: LifecycleEvent.CustomerMerged,
        aggregateType: 'customer',
        aggregateId: intoId,
        customerId: intoId,
        properties: { fromCustomerId: fromId, intoCustomerId: intoId, moved, reason: reason ?? null, by: actorSource(actor) },
        occurredAt: now,
      });
      return { fromId, intoId, moved };
    });
    // Not the reason: free text may name the person, and the audit trail is append-only (erasure
    // cannot reach it). The reason stays in the Customer Merged event, which erasure does reach.
    await this.audit?.record({ actor, action: 'customer.merge', resourceType: 'customer', resourceId: intoId, metadata: { ...result } });
    return result;
  }
}

export function actorSource(actor: Actor | undefined): string {
  if (!actor) return 'system';
  if (actor.type === 'user') return `staff:${actor.id}`;
  if (actor.type === 'api_key') return `api_key:${actor.id}`;
  if (actor.type === 'system') return `system:${actor.name}`;
  return actor.type;
}
