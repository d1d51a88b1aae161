/**
 * The catalog of lifecycle events: every state change the operational API commits
 * (with its outbox row) and the stream carries into ClickHouse as
 * `type = 'lifecycle'`, `event = <name>`, `customer_id`, and these properties.
 * Analytics (funnels, KPIs, health, churn) read these names; renaming one is a
 * breaking change for stored history, so names are append-only.
 *
 * Money is always integer minor units (`…Minor`) with an ISO currency.
 */
export const LifecycleEvent = {
  CustomerRegistered: 'Customer Registered',
  CustomerMerged: 'Customer Merged',
  ConsentChanged: 'Consent Changed',
  InquiryReceived: 'Inquiry Received',
  InquiryResponded: 'Inquiry Responded',
  QuoteCreated: 'Quote Created',
  QuoteSubmittedForReview: 'Quote Submitted For Review',
  QuoteSent: 'Quote Sent',
  QuoteViewed: 'Quote Viewed',
  QuoteRevisionRequested: 'Quote Revision Requested',
  QuoteRevised: 'Quote Revised',
  QuoteAccepted: 'Quote Accepted',
  QuoteRejected: 'Quote Rejected',
  QuoteExpired: 'Quote Expired',
  AppointmentBooked: 'Appointment Booked',
  AppointmentRescheduled: 'Appointment Rescheduled',
  AppointmentCancelled: 'Appointment Cancelled',
  AppointmentHeld: 'Appointment Held',
  AppointmentNoShow: 'Appointment No Show',
  InvoiceIssued: 'Invoice Issued',
  InvoiceOverdue: 'Invoice Overdue',
  InvoicePaid: 'Invoice Paid',
  InvoiceVoided: 'Invoice Voided',
  CreditNoteIssued: 'Credit Note Issued',
  PaymentReceived: 'Payment Received',
  PaymentFailed: 'Payment Failed',
  PaymentRefunded: 'Payment Refunded',
  DepositPaid: 'Deposit Paid',
  ProjectActivated: 'Project Activated',
  MilestoneCompleted: 'Milestone Completed',
  ChangeOrderApproved: 'Change Order Approved',
  TimeLogged: 'Time Logged',
  ProjectCompleted: 'Project Completed',
  FinalInvoicePaid: 'Final Invoice Paid',
  RepeatBusiness: 'Repeat Business',
  TicketOpened: 'Ticket Opened',
  TicketEscalated: 'Ticket Escalated',
  TicketReopened: 'Ticket Reopened',
  TicketResolved: 'Ticket Resolved',
  FeedbackSubmitted: 'Feedback Submitted',
  ReferralMade: 'Referral Made',
  ReferralRewarded: 'Referral Rewarded',
  LoyaltyPointsEarned: 'Loyalty Points Earned',
  CheckInLogged: 'Check-in Logged',
  OutreachResponded: 'Outreach Responded',
  InterventionFired: 'Intervention Fired',
  CustomerErased: 'Customer Erased',
  /** Derived from the customer's records (libs/lifecycle-stage); occurredAt is when the stage was entered. */
  CustomerStageChanged: 'Customer Stage Changed',
} as const;

export type LifecycleEventName = (typeof LifecycleEvent)[keyof typeof LifecycleEvent];

/**
 * Properties the analytics rely on, per event. Producers may add more; these
 * must be present. `amountMinor`/`currency` also fill the events table's money
 * columns.
 */
export interface LifecycleEventProperties {
  'Customer Registered': { channel: string; customerType: 'individual' | 'business' };
  'Inquiry Received': { quoteRequestId: string; number: string; category: string; urgent: boolean; channel: string };
  'Inquiry Responded': { quoteRequestId: string; responseMinutes: number; businessMinutes: number; breached: boolean };
  'Quote Sent': { quoteId: string; number: string; version: number; amountMinor: number; currency: string; quoteRequestId?: string };
  'Quote Accepted': { quoteId: string; number: string; version: number; amountMinor: number; currency: string };
  'Quote Rejected': { quoteId: string; reason: string };
  'Appointment Booked': { appointmentId: string; appointmentType: string; startsAt: string };
  'Appointment Held': { appointmentId: string; appointmentType: string };
  'Invoice Issued': { invoiceId: string; number: string; kind: 'deposit' | 'final' | 'other'; amountMinor: number; currency: string; dueAt: string };
  'Invoice Paid': { invoiceId: string; kind: 'deposit' | 'final' | 'other'; amountMinor: number; currency: string; issuedAt: string; daysToPayment: number };
  'Payment Received': { paymentId: string; invoiceId: string; amountMinor: number; currency: string; method: 'stripe' | 'e_transfer' | 'cash' | 'bank_transfer' };
  'Project Completed': {
    projectId: string;
    onTime: boolean;
    estimatedHours: number;
    actualHours: number;
    quotedMinor: number;
    billedMinor: number;
    currency: string;
  };
  'Milestone Completed': { projectId: string; milestoneId: string; onTime: boolean };
  'Ticket Resolved': { ticketId: string; priority: string; resolutionMinutes: number };
  'Feedback Submitted': { kind: 'csat' | 'nps' | 'ces'; score: number; projectId?: string; ticketId?: string };
  'Referral Made': { referredCustomerId: string; code: string };
  'Customer Stage Changed': { scheme: 'sales' | 'relationship'; stage: string; previousStage: string | null; enteredAt: string };
}

/** What a producer hands to the outbox: one lifecycle event about one customer. */
export interface LifecycleEventInput<N extends LifecycleEventName = LifecycleEventName> {
  name: N;
  /** The aggregate whose change this is (e.g. 'quote', id). */
  aggregateType: string;
  aggregateId: string;
  customerId: string | null;
  accountId?: string | null;
  properties: N extends keyof LifecycleEventProperties ? LifecycleEventProperties[N] & Record<string, unknown> : Record<string, unknown>;
  /** When it happened; defaults to the transaction's time. */
  occurredAt?: Date;
}
