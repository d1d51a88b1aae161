import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { type DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { AccessRule } from './access.decorators';
import { accessRuleOf } from './access.guard';
import { routeKey } from './role-matrix';

export interface RouteEntry {
  method: string;
  path: string;
  /** `METHOD /path`, the role matrix's key. */
  key: string;
  handler: string;
  rule: AccessRule | undefined;
  /** The controller class and method, for readers of the route's other metadata (pipes, params). */
  controller: new (...a: unknown[]) => object;
  methodName: string;
}

const join = (...parts: string[]) => ('/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')).replace(/\/+/g, '/');

/** Every route the Nest controllers declare, with the access rule their decorators give it. */
export function declaredRoutes(discovery: DiscoveryService): RouteEntry[] {
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const out: RouteEntry[] = [];
  for (const wrapper of discovery.getControllers()) {
    const cls = wrapper.metatype as (new (...a: unknown[]) => object) | undefined;
    if (!cls) continue;
    const bases = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
    for (const name of scanner.getAllMethodNames(cls.prototype)) {
      const fn = (cls.prototype as Record<string, unknown>)[name] as object;
      const sub = Reflect.getMetadata(PATH_METADATA, fn);
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as number];
      for (const base of bases) {
        for (const s of ([] as string[]).concat(sub)) {
          const path = join(base, s);
          out.push({ method, path, key: routeKey(method, path), handler: `${cls.name}.${name}`, rule: accessRuleOf(reflector, fn, cls), controller: cls, methodName: name });
        }
      }
    }
  }
  return out;
}
