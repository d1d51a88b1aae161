import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Staff } from '@northstar/access';
import { ApiError, ApiZodBody, line, zod } from '@northstar/http';
import { WriteKeyService } from './write-key.service';

export const CreateWriteKeySchema = z.object({
  source: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a slug: lower-case letters, digits, "-" or "_"'),
  name: line(200).min(1).optional(),
});

/** Admin management of ingestion write keys. The key itself is returned once, at creation. */
@ApiTags('ingestion')
@Controller('v1/write-keys')
@Staff()
export class WriteKeysController {
  constructor(private readonly keys: WriteKeyService) {}

  @Post()
  @ApiZodBody(CreateWriteKeySchema)
  create(@Body(zod(CreateWriteKeySchema)) body: z.infer<typeof CreateWriteKeySchema>) {
    return this.keys.create(body);
  }

  @Get()
  async list() {
    return { data: await this.keys.list() };
  }

  @Delete(':id')
  @HttpCode(200)
  async revoke(@Param('id') id: string) {
    const row = await this.keys.revoke(id);
    if (!row) throw ApiError.notFound('Write key');
    return row;
  }
}
