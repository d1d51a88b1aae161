import { generatePassword, hashPassword, needsRehash, verifyPassword } from './password-hasher';

describe('password hashing (scrypt)', () => {
  it('verifies the right password only; salts differ per hash', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it('old, weaker parameters still verify and are flagged for re-hash', async () => {
    const weak = await hashPassword('pw-pw-pw-pw-pw', { N: 1024, r: 8, p: 1 });
    expect(await verifyPassword('pw-pw-pw-pw-pw', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('pw-pw-pw-pw-pw'))).toBe(false);
  });

  it('generated passwords are long and distinct', () => {
    const set = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(set.size).toBe(50);
    for (const p of set) expect(p).toMatch(/^[A-Za-z0-9_-]{20}$/);
  });
});
