import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from '@northstar/access';
import { ZodValidationPipe } from '@northstar/http';
import type { z } from 'zod';

/** A route and the zod schemas its pipes validate with: the whole body, the whole query, single query keys and path parameters. */
export interface RouteInputs {
  method: string;
  path: string;
  handler: string;
  rule: AccessRule | undefined;
  /** True when the handler reads the body (with a schema or, like ingestion, by hand). */
  readsBody: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  /** `@Query('key')` parameters: their schema when piped through zod(). */
  queryKeys: Record<string, z.ZodType | undefined>;
  /** Path parameters, with their schema when piped through zod(). */
  params: Record<string, z.ZodType | undefined>;
}

interface ArgMetadata {
  data?: string;
  pipes?: unknown[];
}

const join = (...parts: string[]) => ('/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')).replace(/\/+/g, '/');

const zodSchemaOf = (pipes: unknown[] = []) => pipes.find((p): p is ZodValidationPipe<z.ZodType> => p instanceof ZodValidationPipe)?.schema;

/** Every Nest route with the inputs it declares, read from the same metadata Nest uses to run its pipes. */
export function routeInputs(app: INestApplication): RouteInputs[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const out: RouteInputs[] = [];
  for (const wrapper of discovery.getControllers()) {
    const cls = wrapper.metatype as (new (...a: unknown[]) => object) | undefined;
    if (!cls) continue;
    const bases = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
    for (const name of scanner.getAllMethodNames(cls.prototype)) {
      const fn = (cls.prototype as Record<string, unknown>)[name] as object;
      const sub = Reflect.getMetadata(PATH_METADATA, fn);
      if (sub === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, name) ?? {}) as Record<string, ArgMetadata>;
      const of = (type: RouteParamtypes) => Object.entries(args).filter(([key]) => Number(key.split(':')[0]) === type).map(([, a]) => a);
      const bodies = of(RouteParamtypes.BODY);
      const queries = of(RouteParamtypes.QUERY);
      const piped = Object.fromEntries(of(RouteParamtypes.PARAM).map((a) => [a.data ?? '', zodSchemaOf(a.pipes)]));
      for (const base of bases) {
        for (const s of ([] as string[]).concat(sub)) {
          const path = join(base, s);
          const params = Object.fromEntries([...path.matchAll(/:(\w+)/g)].map(([, p]) => [p, piped[p]]));
          out.push({
            method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as number],
            path,
            handler: `${cls.name}.${name}`,
            rule: reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [fn as () => void, cls]),
            readsBody: bodies.length > 0,
            body: zodSchemaOf(bodies.find((a) => !a.data)?.pipes),
            query: zodSchemaOf(queries.find((a) => !a.data)?.pipes),
            queryKeys: Object.fromEntries(queries.filter((a) => a.data).map((a) => [a.data!, zodSchemaOf(a.pipes)])),
            params,
          });
        }
      }
    }
  }
  return out;
}
