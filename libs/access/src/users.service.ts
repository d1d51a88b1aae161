import { Injectable } from '@nestjs/common';
import { PrismaService } from '@northstar/prisma';
import { ApiError } from '@northstar/http';
import type { StaffRole } from './access.decorators';
import { AuthService } from './auth.service';
import { LoginLockout } from './login-lockout';
import { PASSWORD_MIN_LENGTH, generatePassword, hashPassword, verifyPassword } from './password-hasher';

const PUBLIC_FIELDS = { id: true, email: true, name: true, role: true, active: true, createdAt: true, lastLoginAt: true } as const;

@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly auth: AuthService,
    private readonly lockout: LoginLockout,
  ) {}

  list() {
    return this.prisma.staffUser.findMany({ select: PUBLIC_FIELDS, orderBy: { createdAt: 'asc' } });
  }

  async get(id: string) {
    const user = await this.prisma.staffUser.findUnique({ where: { id }, select: PUBLIC_FIELDS });
    if (!user) throw ApiError.notFound('User');
    return user;
  }

  /** Creates a user; without a password one is generated and returned once. */
  async create(input: { email: string; name: string; role: StaffRole; password?: string }) {
    const email = input.email.trim().toLowerCase();
    const password = input.password ?? generatePassword();
    if (password.length < PASSWORD_MIN_LENGTH) throw ApiError.validation([{ field: 'password', message: `at least ${PASSWORD_MIN_LENGTH} characters` }]);
    if (await this.prisma.staffUser.findUnique({ where: { email }, select: { id: true } })) {
      throw ApiError.conflict('email_taken', 'A user with this e-mail already exists');
    }
    const user = await this.prisma.staffUser.create({
      data: { email, name: input.name, role: input.role, passwordHash: await hashPassword(password) },
      select: PUBLIC_FIELDS,
    });
    return { user, generatedPassword: input.password ? undefined : password };
  }

  async update(id: string, patch: { name?: string; role?: StaffRole; active?: boolean }) {
    await this.get(id);
    const user = await this.prisma.staffUser.update({ where: { id }, data: patch, select: PUBLIC_FIELDS });
    // Deactivation signs the user out everywhere at once; a role change applies on the next request anyway.
    if (patch.active === false) await this.auth.revokeAllSessions(id, 'deactivated');
    return user;
  }

  async resetPassword(id: string) {
    await this.get(id);
    const password = generatePassword();
    await this.prisma.staffUser.update({ where: { id }, data: { passwordHash: await hashPassword(password) } });
    await this.auth.revokeAllSessions(id, 'password_reset');
    return { generatedPassword: password };
  }

  async changeOwnPassword(userId: string, sessionId: string, current: string, next: string) {
    const user = await this.prisma.staffUser.findUniqueOrThrow({ where: { id: userId } });
    if (!(await verifyPassword(current, user.passwordHash))) {
      throw ApiError.validation([{ field: 'currentPassword', message: 'is wrong' }]);
    }
    await this.prisma.staffUser.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next) } });
    // Other devices must sign in again with the new password; this one stays.
    await this.prisma.staffSession.updateMany({
      where: { userId, revokedAt: null, NOT: { id: sessionId } },
      data: { revokedAt: new Date(), revokedReason: 'password_changed' },
    });
  }

  async unlock(id: string) {
    const user = await this.get(id);
    await this.lockout.unlock(user.email);
  }
}
