import { buildHash, parseHash, readViewState, writeViewState } from './url-state';

describe('url state', () => {
  const now = new Date('2024-03-15T12:00:00Z');

  it('round-trips a route with params, encoding odd characters', () => {
    const h = buildHash('/customers/a b', { tz: 'America/Toronto', category: 'web & mobile', empty: '' });
    expect(h).toBe('#/customers/a%20b?category=web+%26+mobile&tz=America%2FToronto');
    expect(parseHash(h)).toEqual({ path: '/customers/a b', params: { category: 'web & mobile', tz: 'America/Toronto' } });
  });

  it('the same state always gives the same URL (sorted keys)', () => {
    expect(buildHash('/m', { b: '1', a: '2' })).toBe(buildHash('/m', { a: '2', b: '1' }));
  });

  it('parses an empty hash as the root', () => {
    expect(parseHash('')).toEqual({ path: '/', params: {} });
  });

  it('a shared preset link is re-resolved against today', () => {
    const s = readViewState({ preset: 'last_7_days', tz: 'UTC' }, 'UTC', now);
    expect(s).toMatchObject({ preset: 'last_7_days', from: '2024-03-09', to: '2024-03-16', tz: 'UTC' });
  });

  it('a custom range is kept as dates', () => {
    const s = readViewState({ from: '2024-01-01', to: '2024-02-01', tz: 'America/Toronto', segment: 'vip' }, 'UTC', now);
    expect(s).toEqual({ preset: 'custom', from: '2024-01-01', to: '2024-02-01', tz: 'America/Toronto', category: '', segment: 'vip', owner: '' });
    expect(writeViewState(s)).toEqual({ from: '2024-01-01', to: '2024-02-01', tz: 'America/Toronto', category: '', segment: 'vip', owner: '' });
  });

  it('repairs broken input: bad dates, reversed range, unknown zone and preset', () => {
    expect(readViewState({ from: '2024-13-01', to: '2024-02-01' }, 'UTC', now).preset).toBe('last_90_days');
    expect(readViewState({ from: '2024-03-01', to: '2024-02-01' }, 'UTC', now).preset).toBe('last_90_days');
    expect(readViewState({ preset: 'forever' }, 'UTC', now).preset).toBe('last_90_days');
    expect(readViewState({ tz: 'Mars/Base' }, 'Europe/Berlin', now).tz).toBe('Europe/Berlin');
  });

  it('writes presets by name, not dates', () => {
    const s = readViewState({ preset: 'this_month' }, 'UTC', now);
    expect(writeViewState(s)).toMatchObject({ preset: 'this_month' });
    expect(writeViewState(s).from).toBeUndefined();
  });
});
