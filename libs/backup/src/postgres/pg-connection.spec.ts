import { libpqEnv } from './pg-connection';

describe('libpqEnv', () => {
  it('hands the URL to pg_* programs as libpq variables', () => {
    expect(libpqEnv('postgresql://north%20star:p%40ss@db.internal:6543/app')).toEqual({
      PGHOST: 'db.internal',
      PGPORT: '6543',
      PGUSER: 'north star',
      PGPASSWORD: 'p@ss',
      PGDATABASE: 'app',
    });
  });
});
