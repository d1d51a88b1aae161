import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiZodBody, zod } from '@northstar/http';
import { Staff } from './access.decorators';
import { CurrentActor, type Actor } from './actor';
import { ApiKeyService } from './api-key.service';
import { CreateApiKeySchema, IdParam } from './access.schemas';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/api-keys')
@Staff()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Get()
  @ApiOperation({ summary: 'List integration API keys (never their secrets)' })
  list() {
    return this.keys.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create an API key; the `key` in the answer is shown this once' })
  @ApiZodBody(CreateApiKeySchema)
  create(@Body(zod(CreateApiKeySchema)) body: z.infer<typeof CreateApiKeySchema>, @CurrentActor() actor: Actor) {
    return this.keys.create(body, actor.type === 'user' ? actor.id : undefined);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  async revoke(@Param('id', zod(IdParam, 'id')) id: string) {
    await this.keys.revoke(id);
  }
}
