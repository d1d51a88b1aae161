import { LifecycleEvent as E } from '@northstar/contracts';

/**
 * Lifecycle events that the business emits about a customer rather than the
 * customer doing something: they must not count as "interaction" (an overdue
 * notice is not engagement; an intervention firing must not make a customer
 * look engaged and silence the rule that fired it).
 */
export const NON_INTERACTION_EVENTS: string[] = [
  E.InvoiceIssued,
  E.InvoiceOverdue,
  E.InvoiceVoided,
  E.CreditNoteIssued,
  E.QuoteCreated,
  E.QuoteSubmittedForReview,
  E.QuoteSent,
  E.QuoteRevised,
  E.QuoteExpired,
  E.PaymentFailed,
  E.AppointmentNoShow,
  E.TimeLogged,
  E.LoyaltyPointsEarned,
  E.ReferralRewarded,
  E.InterventionFired,
  E.CustomerMerged,
  E.CustomerErased,
  E.ConsentChanged,
  E.CustomerStageChanged,
];

/** Events that mean the customer answered us (they stop nurture sequences). */
export const RESPONSE_EVENTS: string[] = [
  E.OutreachResponded,
  E.InquiryReceived,
  E.QuoteAccepted,
  E.QuoteRejected,
  E.QuoteRevisionRequested,
  E.AppointmentBooked,
  E.FeedbackSubmitted,
  E.TicketOpened,
  E.PaymentReceived,
];

/** Revenue events (monetary value: amount_minor). */
export const REVENUE_EVENTS: string[] = [E.PaymentReceived];

export function sqlList(values: string[]): string {
  return values.map((e) => `'${e.replace(/[\\']/g, (c) => `\\${c}`)}'`).join(', ');
}

/** SQL boolean expression: the row is an interaction by the customer (constants only, no user input). */
export const IS_INTERACTION_SQL = `(type != 'lifecycle' OR event NOT IN (${sqlList(NON_INTERACTION_EVENTS)}))`;
