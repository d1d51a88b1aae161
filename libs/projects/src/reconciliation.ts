/** Hours are hundredths (1.25 h → 125). Decimal text "12.5" → 1250, exact. */
export function hoursTextToHundredths(text: string | null | undefined): number {
  if (!text || !/^\d+(\.\d+)?$/.test(text.trim())) return 0;
  const [w, f = ''] = text.trim().split('.');
  return Number(w) * 100 + Number((f + '00').slice(0, 2));
}

export interface FinalInvoiceInput {
  quoteTotalMinor: number;
  changeOrdersGrossMinor: number[];
  paymentsReceivedMinor: number;
  estimatedHundredths: number;
  actualHundredths: number;
}

/**
 * Final invoice = quote total + approved change orders − payments received (all
 * tax-inclusive minor units), with the time reconciliation beside it.
 */
export function finalInvoiceFigures(i: FinalInvoiceInput) {
  const changeOrdersMinor = i.changeOrdersGrossMinor.reduce((a, b) => a + b, 0);
  const billedMinor = i.quoteTotalMinor + changeOrdersMinor;
  const amountDueMinor = billedMinor - i.paymentsReceivedMinor;
  const estimatedHours = i.estimatedHundredths / 100;
  const actualHours = i.actualHundredths / 100;
  const variancePct = i.estimatedHundredths === 0 ? null : Math.round(((i.actualHundredths - i.estimatedHundredths) * 1000) / i.estimatedHundredths) / 10;
  return { changeOrdersMinor, billedMinor, amountDueMinor, estimatedHours, actualHours, varianceHours: (i.actualHundredths - i.estimatedHundredths) / 100, variancePct };
}
