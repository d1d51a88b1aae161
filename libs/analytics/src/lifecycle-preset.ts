import { LifecycleEvent as L } from '@northstar/contracts';
import type { FunnelShapeInput } from './funnel.schema';

/** The sales-to-repeat path of the lifecycle, as a funnel over lifecycle events. */
export const LIFECYCLE_FUNNEL: FunnelShapeInput = {
  name: 'Customer lifecycle',
  steps: [
    L.InquiryReceived,
    L.QuoteSent,
    L.QuoteAccepted,
    L.AppointmentHeld,
    L.DepositPaid,
    L.ProjectCompleted,
    L.FinalInvoicePaid,
    L.RepeatBusiness,
  ].map((event) => ({ event, label: event })),
  window: { value: 12, unit: 'month' },
  order: 'ordered',
  countingUnit: 'customer',
};
