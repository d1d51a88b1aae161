import { personJoin, personOverridesFor, resolvePersons } from './person-overrides';

type E = Parameters<typeof resolvePersons>[0][number];
const anon = (from_id: string, to_id: string): E => ({ kind: 'anonymous', from_id, to_id });
const user = (from_id: string, to_id: string): E => ({ kind: 'user', from_id, to_id });
const merge = (from_id: string, to_id: string): E => ({ kind: 'merge', from_id, to_id });

describe('resolvePersons', () => {
  const edges = [anon('a1', 'x@e.test'), user('x@e.test', 'cX'), anon('a2', 'cY'), user('cY', 'cY'), merge('cX', 'cY'), anon('legacy', 'x@e.test'), anon('a9', 'u9')];

  it('names each component by its surviving customer, else a user id', () => {
    const p = resolvePersons(edges);
    for (const id of ['a1', 'x@e.test', 'cX', 'a2', 'cY', 'legacy']) expect(p.get(id)).toBe('cY');
    expect(p.get('a9')).toBe('u9');
  });

  it('does not depend on the order the edges arrived in', () => {
    const want = [...resolvePersons(edges)].sort();
    for (let i = 0; i < 5; i++) expect([...resolvePersons([...edges].sort(() => Math.random() - 0.5))].sort()).toEqual(want);
  });

  it('walks the stored links out from the seeds', async () => {
    const stored = edges;
    const read = async (ids: string[]) => stored.filter((e) => ids.includes(e.from_id) || ids.includes(e.to_id));
    const { rows, truncated } = await personOverridesFor(['a1'], read, 7);
    expect(truncated).toBe(false);
    expect(rows.map((r) => r.distinct_id).sort()).toEqual(['a1', 'a2', 'cX', 'cY', 'legacy', 'x@e.test']);
    expect(rows.every((r) => r.person_id === 'cY' && r.version === 7)).toBe(true);
  });

  it('the read side binds nothing and falls back to the row\'s own id', () => {
    const { join, id } = personJoin('customer_id');
    expect(join).toContain('argMax(person_id, version)');
    expect(id).toBe("if(person.person_id != '', person.person_id, customer_id)");
  });
});
