import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { verifyPassword } from '@northstar/access';

const ROOT = path.resolve(__dirname, '../../..');
let env: TestEnvironment;
let pg: Client;

beforeAll(async () => {
  env = await createTestEnvironment();
  pg = new Client({ connectionString: env.databaseUrl });
  await pg.connect();
});
afterAll(async () => {
  await pg?.end();
  await env?.teardown();
});

const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/access/src/cli/create-admin.ts', ...args], {
    cwd: ROOT,
    input: input ?? '',
    env: { ...process.env, DATABASE_URL: env.databaseUrl, NODE_ENV: 'development' },
    encoding: 'utf8',
    timeout: 60_000,
  });

const hashOf = async (email: string) => (await pg.query('SELECT "passwordHash", role FROM staff_users WHERE email = $1', [email])).rows[0];

it('admin:create reads the password from stdin, or generates and prints one; never a default; refuses duplicates', async () => {
  const piped = cli(['--email', 'Root@Example.com', '--name', 'Root'], 'a-long-enough-password\n');
  expect(piped.status).toBe(0);
  expect(piped.stdout).not.toContain('Generated password');
  const row = await hashOf('root@example.com');
  expect(row.role).toBe('admin');
  expect(await verifyPassword('a-long-enough-password', row.passwordHash)).toBe(true);

  const generated = cli(['--email', 'second@example.com', '--name', 'Second', '--generate']);
  expect(generated.status).toBe(0);
  const pw = /Generated password \(shown once, store it now\): (\S+)/.exec(generated.stdout)?.[1];
  expect(pw).toHaveLength(20);
  expect(await verifyPassword(pw!, (await hashOf('second@example.com')).passwordHash)).toBe(true);

  const dup = cli(['--email', 'root@example.com', '--name', 'Again'], 'another-long-password\n');
  expect(dup.status).toBe(1);
  expect(dup.stderr).toContain('already exists');
  const short = cli(['--email', 'short@example.com', '--name', 'Short'], 'short\n');
  expect(short.status).toBe(1);
  expect(await hashOf('short@example.com')).toBeUndefined();
  expect(cli(['--name', 'No Email']).status).toBe(64);
});
