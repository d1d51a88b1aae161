import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '@northstar/prisma';
import { AuthService, STAFF_ROLES, type StaffRole } from '@northstar/access';

/** Cheap, fixed hash for fixture users whose password is never checked (sessions are minted directly). */
const UNUSABLE_HASH = 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function staffFixtures(app: INestApplication) {
  const prisma = app.get(PrismaService);
  const auth = app.get(AuthService);
  const users = {} as Record<StaffRole, { id: string; email: string; role: StaffRole }>;
  for (const role of STAFF_ROLES) {
    const email = `${role}-${randomUUID().slice(0, 8)}@fixture.test`;
    users[role] = await prisma.staffUser.create({ data: { email, name: role, role, passwordHash: UNUSABLE_HASH }, select: { id: true, email: true, role: true } });
  }
  /** A fresh session (new access token) for a role: each request may revoke its own session. */
  const tokenFor = async (role: StaffRole) => (await auth.startSession(users[role])).accessToken;
  return { users, tokenFor };
}
