export const LEAD_SOURCES = ['web_form', 'phone', 'referral', 'chat', 'walk_in', 'whatsapp', 'service_desk'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const CATEGORIES = ['web_development', 'it_support', 'network_setup', 'device_repair', 'cloud_migration', 'security_audit'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface WorldOptions {
  seed: number;
  customers: number;
  /** Exclusive end of the simulated span (default: today 00:00 UTC). */
  end: Date;
  spanDays: number;
  currency: string;
}

export interface InvoicePlan {
  kind: 'deposit' | 'final';
  amountMinor: number;
  issuedAt: Date;
  dueAt: Date;
  /** Failed attempts before the successful one (card declines, bounced transfers). */
  failedAt: Date[];
  paidAt: Date | null;
  method: 'stripe' | 'e_transfer' | 'cash' | 'bank_transfer';
  /** Paid more than 7 days after it was due, or not paid by the end of the span while overdue. */
  late: boolean;
}

export interface JobPlan {
  key: string;
  /** 0 for the first job, 1.. for repeat business. */
  seq: number;
  category: Category;
  urgent: boolean;
  complexity: 'simple' | 'standard' | 'complex';
  channel: LeadSource;
  requestedAt: Date;
  respondedAt: Date;
  quote: {
    /** Each version's send time and amount; more than one means revisions were requested. */
    versions: { sentAt: Date; amountMinor: number }[];
    viewedAt: Date | null;
    outcome: 'accepted' | 'rejected' | 'expired';
    decidedAt: Date;
    rejectReason?: string;
  };
  appointment?: { bookedAt: Date; startsAt: Date; rescheduledTo: Date[]; outcome: 'held' | 'no_show' | 'cancelled'; type: string };
  deposit?: InvoicePlan;
  project?: {
    activatedAt: Date;
    plannedEnd: Date;
    completedAt: Date | null;
    delayed: boolean;
    estimatedHours: number;
    actualHours: number;
    changeOrders: { at: Date; amountMinor: number }[];
    milestones: { at: Date; onTime: boolean }[];
  };
  final?: InvoicePlan;
  tickets: { openedAt: Date; priority: 'low' | 'normal' | 'high' | 'urgent'; escalated: boolean; resolvedAt: Date | null }[];
  csat?: { at: Date; score: number };
  nps?: { at: Date; score: number };
}

export interface CustomerPlan {
  key: string;
  index: number;
  type: 'individual' | 'business';
  name: string;
  company?: string;
  email: string;
  phone: string;
  leadSource: LeadSource;
  signupAt: Date;
  /** Key of the customer who referred this one (leadSource = referral). */
  referredBy?: string;
  jobs: JobPlan[];
  /** The known churn mechanism: see docs/demo-world.md. */
  risk: { latePayment: boolean; detractor: boolean; mechanismAt: Date | null };
  churned: boolean;
  churnedAt: Date | null;
  anonymousId: string;
}

export interface WebEventPlan {
  messageId: string;
  type: 'page' | 'track' | 'identify';
  anonymousId: string;
  /** Set once the visitor is known (identify and after). */
  customerKey: string | null;
  name: string;
  at: Date;
  properties: Record<string, unknown>;
}

export interface World {
  options: WorldOptions;
  customers: CustomerPlan[];
}
