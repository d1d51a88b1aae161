import { changeTone, formatChange, formatDuration, formatKpiValue, formatMoney, humanize, relativeTime } from './format';

describe('format', () => {
  it('money from minor units', () => {
    expect(formatMoney(123456, 'CAD')).toBe('$1,235'); // $1,234.56: whole dollars from $1,000 up
    expect(formatMoney(1999, 'CAD')).toBe('$19.99');
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(250_000_000, 'CAD', true)).toBe('$2.5M'); // $2,500,000.00
  });

  it('money in currencies without two decimals', () => {
    expect(formatMoney(1500, 'JPY')).toBe('JP¥1,500'); // the yen has no minor unit: 1 500 minor = ¥1,500, not ¥15
    expect(formatMoney(12_346, 'KWD')).toBe('KWD\u00a012.35'); // 1 000 fils to the dinar: 12.346 dinars, shown to 2 places
  });

  it('KPI values by unit', () => {
    expect(formatKpiValue(0.4123, 'ratio')).toBe('41.2%');
    expect(formatKpiValue(3.25, 'hours')).toBe('3.3 h');
    expect(formatKpiValue(90, 'minutes')).toBe('90 min');
    expect(formatKpiValue(150, 'minutes')).toBe('2.5 h');
    expect(formatKpiValue(12, 'count')).toBe('12');
    expect(formatKpiValue(null, 'ratio')).toBe('—');
    expect(formatKpiValue(-12.5, 'score')).toBe('-12.5');
  });

  it('ratio changes are in percentage points, others relative', () => {
    expect(formatChange(0.05, 0.125, 'ratio')).toBe('+5 pts');
    expect(formatChange(-0.012, -0.03, 'ratio')).toBe('−1.2 pts');
    expect(formatChange(500, 0.25, 'minor')).toBe('+25%');
    expect(formatChange(null, null, 'count')).toBe('no previous data');
    expect(formatChange(3, null, 'count')).toBe('+3');
  });

  it('tone depends on which way is better', () => {
    expect(changeTone(2, 'higher')).toBe('good');
    expect(changeTone(2, 'lower')).toBe('bad');
    expect(changeTone(-1, 'lower')).toBe('good');
    expect(changeTone(0, 'higher')).toBe('neutral');
    expect(changeTone(null, 'higher')).toBe('neutral');
  });

  it('durations and relative times', () => {
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(5 * 86400)).toBe('5 d');
    const now = new Date('2024-01-01T12:00:00Z');
    expect(relativeTime('2024-01-01T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2024-01-04T12:00:00Z', now)).toBe('in 3 d');
    expect(relativeTime(null, now)).toBe('—');
  });

  it('humanizes keys', () => {
    expect(humanize('at_risk')).toBe('At risk');
    expect(humanize('rfm:Champions')).toBe('Rfm Champions');
  });
});
