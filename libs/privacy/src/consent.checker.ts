import { Inject, Injectable } from '@nestjs/common';

export type MessageChannel = 'email' | 'sms' | 'phone' | 'whatsapp';
/**
 * 'marketing' needs an explicit opt-in. Everything else is a service message
 * ('transactional', or a notification kind such as 'quote', 'appointment',
 * 'invoice', 'reminder', 'support') and is sent unless the customer opted out of that kind.
 */
export type MessageKind = 'marketing' | 'transactional' | (string & {});

/** What the consent checker needs to know about a customer; the customers lib provides it. */
export interface ConsentState {
  /** False when the customer does not exist or was deleted/merged away. */
  reachable: boolean;
  marketingOptIn: boolean;
  /** Per notification kind; absent = opted in. */
  notificationOptIns: Record<string, boolean>;
  /** Channels the customer can be reached on at all (has an address/number for). */
  channels: MessageChannel[];
}

export interface ConsentSource {
  state(customerId: string): Promise<ConsentState | null>;
}

export const CONSENT_SOURCE = Symbol('CONSENT_SOURCE');
/** Answers "was this customer erased?" — erased customers are never contacted again. */
export const ERASURE_LOOKUP = Symbol('ERASURE_LOOKUP');
export interface ErasureLookup {
  isErased(customerId: string): Promise<boolean>;
}

export interface ConsentDecision {
  allowed: boolean;
  reason: 'ok' | 'erased' | 'unknown_customer' | 'no_marketing_opt_in' | 'opted_out_of_kind' | 'channel_unavailable';
}

/**
 * The one question every outgoing message asks first:
 * `await consent.canSend(customerId, 'email', 'marketing')`. Mail, notification and
 * nurture senders must call it right before sending (not when scheduling), so a
 * withdrawal between scheduling and sending is honoured.
 */
@Injectable()
export class ConsentChecker {
  constructor(
    @Inject(CONSENT_SOURCE) private readonly source: ConsentSource,
    @Inject(ERASURE_LOOKUP) private readonly erasures: ErasureLookup,
  ) {}

  async canSend(customerId: string, channel: MessageChannel, kind: MessageKind): Promise<boolean> {
    return (await this.decide(customerId, channel, kind)).allowed;
  }

  async decide(customerId: string, channel: MessageChannel, kind: MessageKind): Promise<ConsentDecision> {
    if (await this.erasures.isErased(customerId)) return { allowed: false, reason: 'erased' };
    const s = await this.source.state(customerId);
    if (!s || !s.reachable) return { allowed: false, reason: 'unknown_customer' };
    if (!s.channels.includes(channel)) return { allowed: false, reason: 'channel_unavailable' };
    if (kind === 'marketing') return s.marketingOptIn ? { allowed: true, reason: 'ok' } : { allowed: false, reason: 'no_marketing_opt_in' };
    if (s.notificationOptIns[kind] === false) return { allowed: false, reason: 'opted_out_of_kind' };
    return { allowed: true, reason: 'ok' };
  }
}
