import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@northstar/config';
import { AllExceptionsFilter, InputShapePipe, JsonLogger, createPino } from '@northstar/http';
import { ClickhouseService } from '@northstar/clickhouse';
import { AppModule } from './app.module';

export const DASHBOARD_DIST = path.resolve(__dirname, '../../../dist/apps/dashboard');
/** Largest request body accepted anywhere (ingestion batches are 500 KB; attachments go multipart). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface RegisteredRoute {
  method: string;
  url: string;
}

const routesByServer = new WeakMap<object, RegisteredRoute[]>();

/**
 * Every route Fastify holds: Nest's, and those registered on Fastify directly (the API
 * docs, the dashboard's files, the redirect to it). The access guard runs only for
 * Nest's, so the access test walks this list to prove the others are the deliberately
 * public ones. Fastify offers no public way to list routes afterwards, hence the hook.
 */
export function registeredRoutes(app: NestFastifyApplication): readonly RegisteredRoute[] {
  return routesByServer.get(app.getHttpAdapter().getInstance()) ?? [];
}

/**
 * Builds the API application (not yet listening). Tests call this and drive it
 * with `app.inject` or a real port; main.ts adds `listen`.
 */
export async function createApiApp(): Promise<NestFastifyApplication> {
  const config = loadConfig();
  const pino = createPino(config.NODE_ENV === 'test' ? (process.env.LOG_LEVEL ?? 'warn') : config.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    loggerInstance: pino,
    bodyLimit: BODY_LIMIT_BYTES,
    // Keys such as __proto__ are kept as plain own keys by the parser, so that InputShapePipe refuses them naming the field.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    trustProxy: true,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
  });
  const routes: RegisteredRoute[] = [];
  adapter.getInstance().addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  routesByServer.set(adapter.getInstance(), routes);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(), adapter, {
    logger: new JsonLogger(pino),
    rawBody: true, // Stripe signatures are verified over the exact bytes received.
    bufferLogs: false,
  });
  app.enableShutdownHooks();
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(new InputShapePipe());

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  await app.register(helmet as never, {
    // The dashboard is served from the same origin; Swagger UI needs inline styles/scripts.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  await app.register(cors as never, {
    origin: (origin: string | undefined, cb: (err: Error | null, allow: boolean) => void) =>
      cb(null, !origin || config.CORS_ORIGINS.includes(origin)),
    credentials: true,
  });

  const openapi = new DocumentBuilder()
    .setTitle('Northstar API')
    .setDescription('Customer lifecycle, Segment-compatible ingestion and customer intelligence.')
    .setVersion('1')
    .addBearerAuth()
    .addBasicAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openapi), { jsonDocumentUrl: 'docs/json' });

  if (config.SERVE_DASHBOARD && fs.existsSync(path.join(DASHBOARD_DIST, 'index.html'))) {
    await app.register(fastifyStatic as never, { root: DASHBOARD_DIST, prefix: '/app/', decorateReply: false });
    fastify.get('/', (_req, reply) => void reply.redirect('/app/'));
  }

  if (config.RUN_MODE === 'all-in-one') {
    // The process that holds the embedded folder is the only one that can migrate it.
    const ch = app.get(ClickhouseService);
    await ch.migrator(await ch.writer()).up();
  }
  return app;
}

/** createApiApp, initialised and ready for `app.inject` — how whole-flow tests start the API. */
export async function createReadyApiApp(): Promise<NestFastifyApplication> {
  const app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
