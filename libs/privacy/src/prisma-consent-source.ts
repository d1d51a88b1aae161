import { Injectable } from '@nestjs/common';
import { PrismaService } from '@northstar/prisma';
import type { ConsentSource, ConsentState, MessageChannel } from './consent.checker';

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
