import { Controller, Get, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { ConfigModule } from '@northstar/config';
import { PrismaModule, PrismaService } from '@northstar/prisma';
import { AllExceptionsFilter } from '@northstar/http';
import { AccessModule, ApiKeyScopes, ApiKeyService, CurrentActor, CustomerLink, CustomerLinkService, Public, RateLimit, Staff, type Actor } from '@northstar/access';

@Controller('t')
class ProbeController {
  @Get('undeclared')
  undeclared() {
    return { leaked: true };
  }

  @Get('key')
  @ApiKeyScopes('customers:read')
  key(@CurrentActor() actor: Actor) {
    return actor;
  }

  @Get('quotes/:id')
  @CustomerLink('quote')
  quote(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return { id, actor };
  }

  @Post('limited')
  @Public()
  @RateLimit({ points: 3, durationSec: 60, by: 'key', window: 'fixed' })
  limited() {
    return { ok: true };
  }
}

@Module({ imports: [ConfigModule, PrismaModule, AccessModule], controllers: [ProbeController] })
class ProbeModule {}

@Controller('t')
class UnlistedController {
  @Get('unlisted')
  @Staff()
  unlisted() {
    return { leaked: true };
  }
}

@Module({ imports: [ConfigModule, PrismaModule, AccessModule], controllers: [UnlistedController] })
class UnlistedModule {}

let env: TestEnvironment;
let app: NestFastifyApplication;

beforeAll(async () => {
  env = await createTestEnvironment();
  app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
  app.useGlobalFilters(new AllExceptionsFilter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
});
afterAll(async () => {
  await app?.close();
  await env?.teardown();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

it('an application with a staff route the role matrix does not list refuses to start', async () => {
  const unlisted = await NestFactory.create<NestFastifyApplication>(UnlistedModule, new FastifyAdapter(), { logger: false });
  await expect(unlisted.init()).rejects.toThrow('GET /t/unlisted (UnlistedController.unlisted)');
  await unlisted.close().catch(() => undefined);
});

it('a route without an access declaration is refused (fail closed)', async () => {
  const res = await get('/t/undeclared');
  expect(res.statusCode).toBe(403);
  expect(res.json().error.code).toBe('access_undeclared');
  expect(res.body).not.toContain('leaked');
});

describe('API keys', () => {
  it('401 without or with an unknown key, 403 without the scope, 200 with it; revocation is immediate; last-used recorded', async () => {
    const keys = app.get(ApiKeyService);
    const good = await keys.create({ name: 'reader', scopes: ['customers:read'] });
    const other = await keys.create({ name: 'writer', scopes: ['quotes:write'] });
    expect((await get('/t/key')).statusCode).toBe(401);
    expect((await get('/t/key', { 'x-api-key': good.key.slice(0, -2) + 'xx' })).statusCode).toBe(401);
    expect((await get('/t/key', { 'x-api-key': other.key })).statusCode).toBe(403);
    const ok = await get('/t/key', { 'x-api-key': good.key });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ type: 'api_key', id: good.id, name: 'reader' });
    const row = await app.get(PrismaService).apiKey.findUniqueOrThrow({ where: { id: good.id } });
    expect(row.lastUsedAt).not.toBeNull();
    await keys.revoke(good.id);
    expect((await get('/t/key', { 'x-api-key': good.key })).statusCode).toBe(401);
  });
});

describe('customer links', () => {
  it('a signed link opens exactly its own record, until it expires', async () => {
    const links = app.get(CustomerLinkService);
    const id = randomUUID();
    const token = await links.sign('quote', id, 3600);
    const ok = await get(`/t/quotes/${id}?token=${token}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().actor).toEqual({ type: 'customer_link', resource: 'quote', resourceId: id });

    expect((await get(`/t/quotes/${randomUUID()}?token=${token}`)).statusCode).toBe(403); // another record
    expect((await get(`/t/quotes/${id}?token=${await links.sign('invoice', id)}`)).statusCode).toBe(403); // another kind
    expect((await get(`/t/quotes/${id}`)).statusCode).toBe(401);
    const tampered = token.slice(0, -3) + (token.endsWith('aaa') ? 'bbb' : 'aaa');
    expect((await get(`/t/quotes/${id}?token=${tampered}`)).json().error.code).toBe('link_invalid');
    const expired = await links.sign('quote', id, -1);
    expect((await get(`/t/quotes/${id}?token=${expired}`)).statusCode).toBe(401);
    expect(await links.verify(expired)).toBeNull();
    expect(await links.verify(token)).toMatchObject({ resource: 'quote', id });
  });
});

describe('@RateLimit by key', () => {
  it('counts per presented key: a 4th call with the same key → 429 + Retry-After, another key still passes', async () => {
    const post = (key: string) => app.inject({ method: 'POST', url: '/t/limited', headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } });
    const a = `wk_${randomUUID()}`;
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await post(a)).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
    const limited = await post(a);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await post(`wk_${randomUUID()}`)).statusCode).toBe(201);
  });
});
