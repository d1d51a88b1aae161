import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { accessRuleOf, type AccessRule } from '@northstar/access';
import { registeredRoutes } from '@northstar/platform';

export interface RouteEntry {
  method: string;
  path: string;
  handler: string;
  rule: AccessRule | undefined;
}

const join = (...parts: string[]) => ('/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')).replace(/\/+/g, '/');

/** Every route the Nest app registered, with the access rule its decorators declare. */
export function routeTable(app: INestApplication): RouteEntry[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const out: RouteEntry[] = [];
  for (const wrapper of discovery.getControllers()) {
    const cls = wrapper.metatype as (new (...a: unknown[]) => object) | undefined;
    if (!cls) continue;
    const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
    for (const name of scanner.getAllMethodNames(cls.prototype)) {
      const fn = (cls.prototype as Record<string, unknown>)[name] as object;
      const sub = Reflect.getMetadata(PATH_METADATA, fn);
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as number];
      for (const b of base) {
        for (const s of ([] as string[]).concat(sub)) {
          out.push({ method, path: join(b, s), handler: `${cls.name}.${name}`, rule: accessRuleOf(reflector, fn, cls) });
        }
      }
    }
  }
  return out;
}

const key = (method: string, path: string) => `${method} ${path}`;

/** Every route Fastify serves, as `METHOD /url`. */
export function servedRoutes(app: NestFastifyApplication): Set<string> {
  return new Set(registeredRoutes(app).map((r) => key(r.method, r.url)));
}

/**
 * Routes Fastify serves that no Nest controller declared, as `METHOD /url`: the access
 * guard never runs for them. The HEAD Fastify adds beside each GET counts as that GET.
 */
export function routesOutsideNest(app: NestFastifyApplication): string[] {
  const served = servedRoutes(app);
  const nest = new Set(routeTable(app).map((r) => key(r.method, r.path)));
  return [...served].filter((k) => !nest.has(k) && !(k.startsWith('HEAD ') && served.has(`GET ${k.slice(5)}`))).sort();
}
