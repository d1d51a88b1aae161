import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@northstar/prisma';
import { LifecycleTransaction } from '@northstar/outbox';
import { LifecycleEvent } from '@northstar/contracts';
import { ApiError } from '@northstar/http';
import type { PreferencesInput } from './customer.schemas';

export type SendChannel = 'email' | 'phone' | 'sms' | 'whatsapp';
/** 'marketing' needs an explicit opt-in; every other kind is transactional and on unless opted out. */
export type SendKind = 'marketing' | 'quote' | 'appointment' | 'invoice' | 'reminder' | 'support' | 'intake' | (string & {});

@Injectable()
export class ConsentService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
  ) {}

  async get(customerId: string) {
    const pref = await this.prisma.communicationPreference.findUnique({ where: { customerId } });
    if (!pref) throw ApiError.notFound('Customer preferences');
    return pref;
  }

  /**
   * Applies the changes and keeps one ConsentEvent per changed setting (old → new,
   * with source and time). Unchanged values write nothing and emit nothing.
   */
  async update(customerId: string, input: PreferencesInput, source: string, now = new Date()) {
    return this.lifecycle.run(
      async (tx, emit) => {
        const rows = await tx.$queryRaw<{ customerId: string }[]>`
          SELECT "customerId" FROM communication_preferences WHERE "customerId" = ${customerId} FOR UPDATE`;
        const customer = await tx.customer.findUnique({ where: { id: customerId }, select: { deletedAt: true } });
        if (!rows.length || !customer || customer.deletedAt) throw ApiError.notFound('Customer');
        const pref = (await tx.communicationPreference.findUnique({ where: { customerId } }))!;
        const changes: { field: string; oldValue: string | null; newValue: string | null }[] = [];
        const data: Prisma.CommunicationPreferenceUpdateInput = {};
        const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
        const track = (field: string, oldV: unknown, newV: unknown) => {
          if (newV === undefined || str(oldV) === str(newV)) return false;
          changes.push({ field, oldValue: str(oldV), newValue: str(newV) });
          return true;
        };
        if (track('preferredChannel', pref.preferredChannel, input.preferredChannel)) data.preferredChannel = input.preferredChannel;
        if (track('bestTime', pref.bestTime, input.bestTime)) data.bestTime = input.bestTime;
        if (track('language', pref.language, input.language)) data.language = input.language;
        if (track('marketing', pref.marketingOptIn, input.marketingOptIn)) data.marketingOptIn = input.marketingOptIn;
        const current = (pref.notificationOptIns ?? {}) as Record<string, boolean>;
        const next = { ...current };
        for (const [kind, on] of Object.entries(input.notifications ?? {})) {
          if (track(`notification:${kind}`, current[kind] ?? true, on)) next[kind] = on as boolean;
        }
        if (changes.some((c) => c.field.startsWith('notification:'))) data.notificationOptIns = next;
        if (!changes.length) return { preferences: pref, changes };
        const updated = await tx.communicationPreference.update({ where: { customerId }, data });
        await tx.consentEvent.createMany({ data: changes.map((c) => ({ customerId, ...c, source, occurredAt: now })) });
        emit({
          name: LifecycleEvent.ConsentChanged,
          aggregateType: 'customer',
          aggregateId: customerId,
          customerId,
          properties: { changes, source, marketingOptIn: updated.marketingOptIn },
          occurredAt: now,
        });
        return { preferences: updated, changes };
      },
      { allowNoEvents: true },
    );
  }

  history(customerId: string, limit = 200) {
    return this.prisma.consentEvent.findMany({ where: { customerId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }], take: limit });
  }

  /**
   * May we contact this customer on this channel about this kind of thing? No for
   * deleted/merged customers, marketing without an opt-in, or a kind opted out of.
   * The channel itself must be usable: a number for phone/sms/whatsapp.
   */
  async canSend(customerId: string, channel: SendChannel, kind: SendKind): Promise<boolean> {
    const c = await this.prisma.customer.findUnique({
      where: { id: customerId },
      select: { deletedAt: true, mergedIntoId: true, email: true, phone: true, whatsapp: true, preference: true },
    });
    if (!c || c.deletedAt || c.mergedIntoId || !c.preference) return false;
    if (channel === 'email' && !c.email) return false;
    if ((channel === 'phone' || channel === 'sms') && !c.phone) return false;
    if (channel === 'whatsapp' && !(c.whatsapp ?? c.phone)) return false;
    if (kind === 'marketing') return c.preference.marketingOptIn;
    const optIns = (c.preference.notificationOptIns ?? {}) as Record<string, boolean>;
    return optIns[kind] !== false;
  }
}
