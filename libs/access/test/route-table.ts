import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { declaredRoutes, type RouteEntry } from '@northstar/access';
import { registeredRoutes } from '@northstar/platform';

/** Every route the Nest app registered, with the access rule its decorators declare. */
export function routeTable(app: INestApplication): RouteEntry[] {
  return declaredRoutes(new DiscoveryService(app.get(ModulesContainer)));
}

/** Every route Fastify serves, as `METHOD /url`. */
export function servedRoutes(app: NestFastifyApplication): Set<string> {
  return new Set(registeredRoutes(app).map((r) => `${r.method} ${r.url}`));
}

/**
 * Routes Fastify serves that no Nest controller declared, as `METHOD /url`: the access
 * guard never runs for them. The HEAD Fastify adds beside each GET counts as that GET.
 */
export function routesOutsideNest(app: NestFastifyApplication): string[] {
  const served = servedRoutes(app);
  const nest = new Set(routeTable(app).map((r) => r.key));
  return [...served].filter((k) => !nest.has(k) && !(k.startsWith('HEAD ') && served.has(`GET ${k.slice(5)}`))).sort();
}
