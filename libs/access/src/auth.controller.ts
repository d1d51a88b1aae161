import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiZodBody, zod } from '@northstar/http';
import { Public, Staff } from './access.decorators';
import { CurrentActor, setActor, type Actor } from './actor';
import { AuthService } from './auth.service';
import { ChangePasswordSchema, LoginSchema, RefreshSchema } from './access.schemas';
import { RateLimit } from './rate-limit';
import { UsersService } from './users.service';

interface Req {
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @RateLimit({ points: 10, durationSec: 60, by: 'ip' })
  @ApiOperation({ summary: 'Sign in: access token (15 min) + refresh token. 5 failures in 15 min lock the account for 15 min (423).' })
  @ApiZodBody(LoginSchema)
  async login(@Body(zod(LoginSchema)) body: z.infer<typeof LoginSchema>, @Req() req: Req) {
    const ua = req.headers['user-agent'];
    const { user, tokens } = await this.auth.login(body.email, body.password, { ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined });
    setActor(req, user); // the audit row names who signed in
    return tokens;
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @RateLimit({ points: 30, durationSec: 60, by: 'ip' })
  @ApiOperation({ summary: 'Trade a refresh token for a new pair. Each refresh token works once; reuse revokes the session.' })
  @ApiZodBody(RefreshSchema)
  refresh(@Body(zod(RefreshSchema)) body: z.infer<typeof RefreshSchema>) {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Staff()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its access and refresh tokens stop working at once' })
  async logout(@CurrentActor() actor: Actor) {
    if (actor.type === 'user') await this.auth.revokeSession(actor.sessionId, 'logout');
  }

  @Get('me')
  @Staff()
  @ApiBearerAuth()
  me(@CurrentActor() actor: Actor) {
    return this.users.get((actor as Extract<Actor, { type: 'user' }>).id);
  }

  @Post('password')
  @HttpCode(204)
  @Staff()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change own password; other sessions are signed out' })
  @ApiZodBody(ChangePasswordSchema)
  async changePassword(@CurrentActor() actor: Actor, @Body(zod(ChangePasswordSchema)) body: z.infer<typeof ChangePasswordSchema>) {
    const a = actor as Extract<Actor, { type: 'user' }>;
    await this.users.changeOwnPassword(a.id, a.sessionId, body.currentPassword, body.newPassword);
  }
}
