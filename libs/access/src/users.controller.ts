import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiZodBody, zod } from '@northstar/http';
import { Staff } from './access.decorators';
import { AuthService } from './auth.service';
import { CreateUserSchema, IdParam, UpdateUserSchema } from './access.schemas';
import { UsersService } from './users.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
@Staff()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff user; without a password one is generated and returned once' })
  @ApiZodBody(CreateUserSchema)
  create(@Body(zod(CreateUserSchema)) body: z.infer<typeof CreateUserSchema>) {
    return this.users.create(body);
  }

  @Patch(':id')
  @ApiZodBody(UpdateUserSchema)
  update(@Param('id', zod(IdParam, 'id')) id: string, @Body(zod(UpdateUserSchema)) body: z.infer<typeof UpdateUserSchema>) {
    return this.users.update(id, body);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Generate a new password (returned once) and sign the user out everywhere' })
  resetPassword(@Param('id', zod(IdParam, 'id')) id: string) {
    return this.users.resetPassword(id);
  }

  @Post(':id/revoke-sessions')
  @HttpCode(200)
  async revokeSessions(@Param('id', zod(IdParam, 'id')) id: string) {
    await this.users.get(id);
    return { revoked: await this.auth.revokeAllSessions(id, 'admin') };
  }

  @Post(':id/unlock')
  @HttpCode(204)
  async unlock(@Param('id', zod(IdParam, 'id')) id: string) {
    await this.users.unlock(id);
  }
}
