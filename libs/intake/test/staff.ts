import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '@northstar/prisma';
import { AuthService, type StaffRole } from '@northstar/access';

/** A staff user with a real session token (password never used; the session is minted directly). */
export async function staffToken(app: INestApplication, role: StaffRole): Promise<{ id: string; headers: Record<string, string> }> {
  const prisma = app.get(PrismaService);
  const user = await prisma.staffUser.create({
    data: { email: `${role}-${randomUUID().slice(0, 8)}@fixture.test`, name: role, role, passwordHash: 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    select: { id: true, email: true, role: true },
  });
  const { accessToken } = await app.get(AuthService).startSession(user);
  return { id: user.id, headers: { authorization: `Bearer ${accessToken}` } };
}
