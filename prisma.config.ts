/**
 * Prisma CLI configuration (Prisma 7 reads this instead of package.json / schema urls).
 * On our offline machines only `prisma generate` runs (tools/prisma-generate.sh); migrations
 * go through tools/prisma-migrate, which uses the same two folders. On a machine with normal
 * internet `prisma migrate deploy|status|dev` work with this file as they are.
 */
import { defineConfig } from 'prisma/config';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/northstar';

export default defineConfig({
  // A folder: every *.prisma file in it is part of the schema (one file per concern).
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL },
});
