// The generated client (run `npm run db:generate` after a schema change): PrismaClient,
// the `Prisma` namespace, model types and enums, so other libs import them from here.
export * from './generated/client';
export * from './prisma.service';
export * from './prisma.module';
export * from './check-postgres';
