import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import { declaredRoutes, type AccessRule } from '@northstar/access';
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

const zodSchemaOf = (pipes: unknown[] = []) => pipes.find((p): p is ZodValidationPipe<z.ZodType> => p instanceof ZodValidationPipe)?.schema;

/** Every Nest route (the access lib's route table) with the inputs it declares, read from the metadata Nest runs its pipes from. */
export function routeInputs(app: INestApplication): RouteInputs[] {
  return declaredRoutes(new DiscoveryService(app.get(ModulesContainer))).map((r) => {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, r.controller, r.methodName) ?? {}) as Record<string, ArgMetadata>;
    const of = (type: RouteParamtypes) => Object.entries(args).filter(([key]) => Number(key.split(':')[0]) === type).map(([, a]) => a);
    const bodies = of(RouteParamtypes.BODY);
    const queries = of(RouteParamtypes.QUERY);
    const piped = Object.fromEntries(of(RouteParamtypes.PARAM).map((a) => [a.data ?? '', zodSchemaOf(a.pipes)]));
    return {
      method: r.method,
      path: r.path,
      handler: r.handler,
      rule: r.rule,
      readsBody: bodies.length > 0,
      body: zodSchemaOf(bodies.find((a) => !a.data)?.pipes),
      query: zodSchemaOf(queries.find((a) => !a.data)?.pipes),
      queryKeys: Object.fromEntries(queries.filter((a) => a.data).map((a) => [a.data!, zodSchemaOf(a.pipes)])),
      params: Object.fromEntries([...r.path.matchAll(/:(\w+)/g)].map(([, p]) => [p, piped[p]])),
    };
  });
}
