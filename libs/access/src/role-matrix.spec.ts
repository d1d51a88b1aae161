import fs from 'node:fs';
import { ACCESS_DOC } from './cli/write-access-doc';
import { ROLE_MATRIX, grantOf, indexRoleMatrix, routeKey, staffMayCall, type MatrixArea } from './role-matrix';
import { withRoleMatrix } from './role-matrix-doc';

describe('role matrix', () => {
  it('docs/access.md carries the matrix generated from the table (run `npm run docs:access` after editing it)', () => {
    const committed = fs.readFileSync(ACCESS_DOC, 'utf8');
    expect(withRoleMatrix(committed)).toBe(committed);
  });

  it('lists every route once, as METHOD /path', () => {
    expect(() => indexRoleMatrix(ROLE_MATRIX)).not.toThrow();
    const malformed = ROLE_MATRIX.flatMap((a) => a.routes).filter((r) => !/^(GET|POST|PUT|PATCH|DELETE) \/[\w\-/:]*$/.test(r));
    expect(malformed).toEqual([]);
  });

  it('refuses a table that lists a route twice or excepts a route it does not list', () => {
    const area: MatrixArea = { title: 'A', read: [], write: [], why: 'w', routes: ['GET /a'] };
    expect(() => indexRoleMatrix([area, { ...area, title: 'B' }])).toThrow('GET /a twice');
    expect(() => indexRoleMatrix([{ ...area, except: { 'GET /b': { roles: [], why: 'w' } } }])).toThrow('does not list: GET /b');
  });

  it('gives a reason for every route that departs from its area, and only departures are excepted', () => {
    const pointless = ROLE_MATRIX.flatMap((a) =>
      Object.entries(a.except ?? {})
        .filter(([route, e]) => !e.why.trim() || [...e.roles].sort().join() === [...(route.startsWith('GET ') ? a.read : a.write)].sort().join())
        .map(([route]) => route),
    );
    expect(pointless).toEqual([]);
  });

  it('admits admin everywhere it lists, the named roles, and nobody to a route it does not list', () => {
    expect(staffMayCall('admin', 'POST /payments/:id/refunds')).toBe(true);
    expect(staffMayCall('management', 'POST /payments/:id/refunds')).toBe(false);
    expect(staffMayCall('operations', 'POST /payments/manual')).toBe(true);
    expect(staffMayCall('customer_success', 'POST /payments/manual')).toBe(false);
    expect(staffMayCall('admin', 'POST /nowhere')).toBe(false);
    expect(routeKey('HEAD', '/customers/:id')).toBe('GET /customers/:id');
  });

  it('keeps money movements admin only', () => {
    const money = ROLE_MATRIX.find((a) => a.title === 'Money movements')!;
    expect(money.routes).toEqual(
      expect.arrayContaining(['POST /invoices/:id/void', 'POST /invoices/:id/credit-notes', 'POST /payments/:id/confirm', 'POST /payments/:id/reject', 'POST /payments/:id/refunds']),
    );
    expect(money.routes.filter((r) => grantOf(money, r).length)).toEqual([]);
  });
});
