/**
 * ISO 4217 exponents: how many minor units make one major unit. Every currency not
 * listed has two decimals. Kept as data, not read from Intl, so the server and every
 * browser agree on it whatever their ICU version.
 */
const ZERO_DECIMALS = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMALS.has(code)) return 0;
  if (THREE_DECIMALS.has(code)) return 3;
  return 2;
}

/**
 * Exact money text for documents and mails: 123456 CAD → "CAD 1,234.56", -5 USD →
 * "-USD 0.05". Built from integer digits, never through a float.
 */
export function formatMoney(amountMinor: number, currency: string): string {
  const exp = currencyExponent(currency);
  const abs = Math.abs(amountMinor);
  const major = Math.floor(abs / 10 ** exp)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const minor = exp ? `.${(abs % 10 ** exp).toString().padStart(exp, '0')}` : '';
  return `${amountMinor < 0 ? '-' : ''}${currency.toUpperCase()} ${major}${minor}`;
}

/**
 * Major units as a number, for display APIs that only take numbers (Intl currency
 * formatting, chart axes). Never compute with the result: it is a float.
 */
export function minorToMajor(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** currencyExponent(currency);
}
