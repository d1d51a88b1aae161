import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '@northstar/prisma';
import type { StaffRole } from '../src/access.decorators';
import { AuthService } from '../src/auth.service';

// Never verifies (an invalid scrypt string): fixture users cannot sign in with a password.
const UNUSABLE_HASH = 'scrypt$disabled';

/**
 * For tests of guarded routes: `headers: await staffAuthHeader(app, 'operations')`.
 * Creates a fixture user of that role in the test database and opens a session for
 * it directly (no password hashing), returning the Authorization header.
 */
export async function staffAuthHeader(app: INestApplicationContext, role: StaffRole): Promise<{ authorization: string }> {
  const prisma = app.get(PrismaService, { strict: false });
  const email = `fixture-${role}-${randomUUID().slice(0, 8)}@fixture.test`;
  const user = await prisma.staffUser.create({ data: { email, name: `Fixture ${role}`, role, passwordHash: UNUSABLE_HASH } });
  const { accessToken } = await app.get(AuthService, { strict: false }).startSession(user);
  return { authorization: `Bearer ${accessToken}` };
}
