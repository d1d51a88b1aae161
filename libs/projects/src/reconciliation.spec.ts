import { finalInvoiceFigures, hoursTextToHundredths } from './reconciliation';

describe('final invoice figures', () => {
  it('quote total + change orders − payments, exact to the cent', () => {
    const f = finalInvoiceFigures({ quoteTotalMinor: 1_130_001, changeOrdersGrossMinor: [56_499, 1], paymentsReceivedMinor: 282_500, estimatedHundredths: 4000, actualHundredths: 4550 });
    expect(f.billedMinor).toBe(1_186_501);
    expect(f.amountDueMinor).toBe(904_001);
    expect(f.variancePct).toBe(13.8);
    expect(f.actualHours).toBe(45.5);
  });
  it('no estimate → no variance %', () => {
    expect(finalInvoiceFigures({ quoteTotalMinor: 1, changeOrdersGrossMinor: [], paymentsReceivedMinor: 0, estimatedHundredths: 0, actualHundredths: 10 }).variancePct).toBeNull();
  });
  it('parses decimal hours exactly', () => {
    expect(hoursTextToHundredths('12.5')).toBe(1250);
    expect(hoursTextToHundredths('0.25')).toBe(25);
    expect(hoursTextToHundredths(null)).toBe(0);
  });
});
