import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { PrismaService } from '@northstar/prisma';
import { PrivacyRegistry } from '../privacy.registry';
import type { ConsentSource, ConsentState, MessageChannel } from '../consent.checker';

export const CUSTOMERS_CONCERN = 'customers.profile';

/**
 * The customer's own Postgres records (profile, preferences, consent history,
 * notes, document and attachment metadata, quote requests). Registered as a
 * fallback in onApplicationBootstrap: when libs/customers registers its own
 * `customers.profile` concern (it owns these tables), this one stands aside.
 *
 * Erasure anonymises rather than deletes the customer row: quotes, invoices and
 * payments reference it and must keep their (non-personal) accounting facts.
 */
@Injectable()
export class CustomersPrivacyConcern implements OnApplicationBootstrap {
  constructor(
    private readonly registry: PrivacyRegistry,
    private readonly prisma: PrismaService,
  ) {}

  onApplicationBootstrap() {
    if (this.registry.has(CUSTOMERS_CONCERN)) return;
    this.registry.register({
      name: CUSTOMERS_CONCERN,
      eraseOrder: 100,
      export: async (id) => {
        const c = await this.prisma.customer.findUnique({
          where: { id },
          include: { preference: true, consentEvents: true, notes: true, documents: true, quoteRequests: { include: { attachments: true } } },
        });
        return c ? [c] : [];
      },
      erase: (id) => this.erase(id),
    });
  }

  private async erase(id: string) {
    return this.prisma.$transaction(async (tx) => {
      const c = await tx.customer.findUnique({ where: { id }, select: { id: true } });
      if (!c) return { affected: 0 };
      const placeholder = `erased-${id}`;
      let affected = 0;
      affected += (await tx.customerNote.deleteMany({ where: { customerId: id } })).count;
      affected += (await tx.customerDocument.deleteMany({ where: { customerId: id } })).count;
      affected += (await tx.consentEvent.deleteMany({ where: { customerId: id } })).count;
      affected += (await tx.communicationPreference.deleteMany({ where: { customerId: id } })).count;
      const requests = await tx.quoteRequest.findMany({ where: { customerId: id }, select: { id: true } });
      affected += (await tx.quoteRequestAttachment.deleteMany({ where: { quoteRequestId: { in: requests.map((r) => r.id) } } })).count;
      affected += (await tx.quoteRequest.updateMany({ where: { customerId: id }, data: { details: '[erased]', sourceIp: null, timeline: null } })).count;
      await tx.customer.update({
        where: { id },
        data: {
          name: 'Erased customer',
          email: `${placeholder}@erased.invalid`,
          phone: placeholder,
          phoneDigits: '',
          secondaryPhone: null,
          whatsapp: null,
          addressLine1: null,
          addressLine2: null,
          city: null,
          region: null,
          postalCode: null,
          country: null,
          company: null,
          dateOfBirth: null,
          occupation: null,
          language: null,
          deletedAt: new Date(),
        },
      });
      return { affected: affected + 1 };
    });
  }
}

/** Consent state from the customers tables (current preferences row). */
@Injectable()
export class PrismaConsentSource implements ConsentSource {
  constructor(private readonly prisma: PrismaService) {}

  async state(customerId: string): Promise<ConsentState | null> {
    const c = await this.prisma.customer.findUnique({
      where: { id: customerId },
      select: { deletedAt: true, mergedIntoId: true, email: true, phone: true, whatsapp: true, preference: true },
    });
    if (!c) return null;
    const channels: MessageChannel[] = [];
    if (c.email) channels.push('email');
    if (c.phone) channels.push('phone', 'sms');
    if (c.whatsapp || c.phone) channels.push('whatsapp');
    return {
      reachable: !c.deletedAt && !c.mergedIntoId,
      marketingOptIn: c.preference?.marketingOptIn ?? false,
      notificationOptIns: (c.preference?.notificationOptIns as Record<string, boolean> | null) ?? {},
      channels,
    };
  }
}
