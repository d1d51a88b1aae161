import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { PrismaService } from '@northstar/prisma';
import { ApiError } from '@northstar/http';
import type { StaffRole } from './access.decorators';
import type { Actor } from './actor';
import { LoginLockout } from './login-lockout';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password-hasher';
import { TokenKeys } from './token-keys';

export const ACCESS_TOKEN_TTL_SEC = 15 * 60;
export const REFRESH_TOKEN_TTL_SEC = 14 * 24 * 3600;
export const SESSION_MAX_AGE_SEC = 30 * 24 * 3600;
const AUDIENCE = 'northstar:staff';
const ISSUER = 'northstar';

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export type StaffActor = Extract<Actor, { type: 'user' }>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Sessions: a short-lived JWT access token (15 min) carrying the session id, and
 * an opaque rotating refresh token. Chosen over cookie sessions because the API
 * serves the dashboard, scripts and integrations alike, and Bearer tokens need no
 * CSRF defence. Every request still checks the session row (one primary-key
 * read), so logout, admin revocation and deactivation take effect at once, not
 * when the JWT expires, and a role change applies on the next request.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly keys: TokenKeys,
    private readonly lockout: LoginLockout,
  ) {}

  async login(emailRaw: string, password: string, client: ClientInfo): Promise<{ user: StaffActor; tokens: TokenPair }> {
    const email = emailRaw.trim().toLowerCase();
    const lockedFor = await this.lockout.lockedForSec(email);
    if (lockedFor) throw this.locked(lockedFor);

    const user = await this.prisma.staffUser.findUnique({ where: { email } });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || !user.active) {
      const nowLocked = await this.lockout.fail(email);
      if (nowLocked) throw this.locked(nowLocked);
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'E-mail or password is wrong');
    }
    await this.lockout.succeed(email);
    const data: { lastLoginAt: Date; passwordHash?: string } = { lastLoginAt: new Date() };
    if (needsRehash(user.passwordHash)) data.passwordHash = await hashPassword(password);
    await this.prisma.staffUser.update({ where: { id: user.id }, data });
    return { user: this.actor(user, ''), tokens: await this.startSession(user, client) };
  }

  private locked(retryAfterSec: number) {
    return new ApiError(HttpStatus.LOCKED, 'account_locked', 'Too many failed logins; try again later', undefined, {
      retryAfterSec,
      headers: { 'Retry-After': String(retryAfterSec) },
    });
  }

  private actor(user: { id: string; role: StaffRole; email: string }, sessionId: string): StaffActor {
    return { type: 'user', id: user.id, role: user.role, email: user.email, sessionId };
  }

  /** Opens a session for a user (after a password check, or for an admin's CLI). */
  async startSession(user: { id: string; role: StaffRole; email: string }, client: ClientInfo = {}): Promise<TokenPair> {
    const sessionId = randomUUID();
    await this.prisma.staffSession.create({
      data: {
        id: sessionId,
        userId: user.id,
        expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SEC * 1000),
        ip: client.ip?.slice(0, 64),
        userAgent: client.userAgent?.slice(0, 512),
      },
    });
    return this.issue(user.id, sessionId);
  }

  private async issue(userId: string, sessionId: string): Promise<TokenPair> {
    const refreshToken = `nsr_${randomBytes(32).toString('base64url')}`;
    await this.prisma.refreshToken.create({
      data: { sessionId, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SEC * 1000) },
    });
    const accessToken = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(Date.now() / 1000) + ACCESS_TOKEN_TTL_SEC)
      .sign(this.keys.access);
    return { tokenType: 'Bearer', accessToken, expiresIn: ACCESS_TOKEN_TTL_SEC, refreshToken, refreshExpiresIn: REFRESH_TOKEN_TTL_SEC };
  }

  /**
   * Rotation with reuse detection: each refresh token works once. A used token
   * presented again means two parties hold it (theft), so the whole session —
   * every token descended from the same login — is revoked.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const invalid = () => new ApiError(HttpStatus.UNAUTHORIZED, 'refresh_token_invalid', 'Refresh token is invalid or expired');
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: sha256(refreshToken) },
      include: { session: { include: { user: true } } },
    });
    if (!row) throw invalid();
    const { session } = row;
    if (row.usedAt) {
      await this.revokeSession(session.id, 'refresh_token_reuse');
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'refresh_token_reused', 'Refresh token was already used; the session is revoked');
    }
    if (row.expiresAt <= new Date() || session.revokedAt || session.expiresAt <= new Date() || !session.user.active) throw invalid();
    // Conditional update: of two concurrent refreshes with the same token only one wins.
    const claimed = await this.prisma.refreshToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) {
      await this.revokeSession(session.id, 'refresh_token_reuse');
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'refresh_token_reused', 'Refresh token was already used; the session is revoked');
    }
    await this.prisma.staffSession.update({ where: { id: session.id }, data: { lastUsedAt: new Date() } });
    return this.issue(session.userId, session.id);
  }

  async revokeSession(sessionId: string, reason: string): Promise<void> {
    await this.prisma.staffSession.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
  }

  async revokeAllSessions(userId: string, reason: string): Promise<number> {
    const r = await this.prisma.staffSession.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
    return r.count;
  }

  /** Verifies an access token and its live session; throws 401 with a specific code. */
  async authenticate(accessToken: string): Promise<StaffActor> {
    let sub: string;
    let sid: string;
    try {
      const { payload } = await jwtVerify(accessToken, this.keys.access, { audience: AUDIENCE, issuer: ISSUER, algorithms: ['HS256'] });
      if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string') throw new Error('claims');
      sub = payload.sub;
      sid = payload.sid;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new ApiError(HttpStatus.UNAUTHORIZED, 'token_expired', 'Access token expired');
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'token_invalid', 'Access token is invalid');
    }
    const session = await this.prisma.staffSession.findUnique({ where: { id: sid }, include: { user: true } });
    if (!session || session.userId !== sub || session.revokedAt || session.expiresAt <= new Date() || !session.user.active) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'session_revoked', 'Session has ended; sign in again');
    }
    return this.actor(session.user, session.id);
  }
}
