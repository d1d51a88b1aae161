import { guessResource, idsOf } from './audit.interceptor';

describe('audit resource inference', () => {
  it.each([
    ['/admin/api-keys/:id', 'api_key'],
    ['/quotes/:id/send', 'quote'],
    ['/admin/users', 'user'],
    ['/intake/quote-requests', 'intake'],
    ['/v1/write-keys', 'write_key'],
    ['/auth/login', 'login'],
    ['/companies', 'company'],
  ])('%s → %s', (route, type) => expect(guessResource(route)).toBe(type));

  it('collects record ids from the common response shapes', () => {
    expect(idsOf({ id: 'a' })).toEqual(['a']);
    expect(idsOf([{ id: 'a' }, { id: 2 }, { x: 1 }])).toEqual(['a', '2']);
    expect(idsOf({ items: [{ id: 'a' }], nextCursor: null })).toEqual(['a']);
    expect(idsOf({ user: { id: 'u' }, generatedPassword: 'x' })).toEqual(['u']);
    expect(idsOf(Buffer.from('x'))).toEqual([]);
    expect(idsOf(undefined)).toEqual([]);
    expect(idsOf(Array.from({ length: 500 }, (_, i) => ({ id: i })))).toHaveLength(100);
  });
});
