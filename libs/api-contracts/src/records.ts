/**
 * Answers of the record endpoints the dashboard reads: who is signed in, customers,
 * quotes, invoices, quote requests, appointments, tickets, feedback and the event
 * timeline. Each names the lib that answers it; fields the dashboard does not read may
 * be left out, and optional ones are those the server does not always send.
 */

export type StaffRole = 'admin' | 'management' | 'customer_success' | 'operations';

/** GET /auth/me (libs/access UsersService.get). */
export interface Me {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

/** A page of a list: GET /customers, GET /intake/quote-requests. */
export interface Page<T> {
  items: T[];
  page?: number;
  pageSize?: number;
  hasMore?: boolean;
}

/** GET /customers rows and GET /customers/:id (libs/customers); the profile carries the optional fields too. */
export interface Customer {
  id: string;
  customerNumber: string;
  name: string;
  email: string;
  phone: string;
  type: string;
  company?: string | null;
  city: string | null;
  country: string | null;
  lifecycleStage: string;
  lastServiceAt: string | null;
  createdAt: string;
  timeZone?: string;
  currency?: string;
  channel?: string;
}

/** GET /quotes items (libs/quotes presentForStaff). */
export interface Quote {
  id: string;
  number: string;
  version: number;
  customerId: string;
  status: string;
  title: string;
  currency: string;
  totalMinor: number;
  sentAt: string | null;
  validUntil: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** GET /invoices rows (libs/invoices). */
export interface Invoice {
  id: string;
  number: string;
  customerId: string;
  kind: string;
  status: string;
  currency: string;
  totalMinor: number;
  paidMinor: number;
  creditedMinor: number;
  dueAt: string;
  issuedAt: string | null;
  overdueAt: string | null;
}

/** GET /intake/quote-requests items (libs/intake). */
export interface QuoteRequest {
  id: string;
  number: string;
  customerId: string;
  customer?: { id: string; name: string; email?: string };
  category: string;
  urgent: boolean;
  queue: string;
  ownerId: string | null;
  status: string;
  receivedAt: string;
  firstResponseDueAt: string;
  firstRespondedAt: string | null;
  breachedAt: string | null;
}

/** GET /appointments rows (libs/appointments). */
export interface Appointment {
  id: string;
  customerId: string;
  customer?: { name: string };
  quoteId: string | null;
  type: string;
  status: string;
  startsAt: string;
  endsAt: string;
  localStart?: string;
  timeZone?: string;
  meetUrl: string | null;
}

/** GET /tickets rows (libs/aftercare). */
export interface Ticket {
  id: string;
  number: string;
  customerId: string;
  subject: string;
  priority: string;
  tier: number;
  status: string;
  warranty: boolean;
  escalationLevel: number;
  escalationLabel?: string;
  responseDueAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

/** GET /feedback rows (libs/aftercare): one survey answer. */
export interface FeedbackAnswer {
  id: string;
  customerId: string;
  kind: 'csat' | 'nps' | 'ces' | string;
  score: number;
  comment: string | null;
  trigger?: string;
  createdAt: string;
}

/** One row of GET /v1/customers/:id/events (libs/events-query), ClickHouse column names. */
export interface TimelineEvent {
  event_id: string;
  type: string;
  event: string;
  timestamp: string;
  source?: string;
  amount_minor?: number;
  currency?: string;
  properties: unknown;
}

/** GET /v1/customers/:id/events. */
export interface TimelinePage {
  data: TimelineEvent[];
  nextCursor: string | null;
}
