import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { grantFor } from './role-matrix';
import { declaredRoutes, type RouteEntry } from './route-table';

/** Staff routes the role matrix does not list, as `METHOD /path (Controller.handler)`. */
export function staffRoutesOutsideMatrix(routes: readonly RouteEntry[]): string[] {
  return routes.filter((r) => r.rule?.kind === 'staff' && !grantFor(r.key)).map((r) => `${r.key} (${r.handler})`);
}

/**
 * Refuses to start an application with a staff route the role matrix does not list:
 * the guard would refuse it to everyone at run time, so the omission is a bug to see
 * at once, not in production traffic.
 */
@Injectable()
export class RoleMatrixCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const missing = staffRoutesOutsideMatrix(declaredRoutes(this.discovery));
    if (missing.length) throw new Error(`Staff routes missing from the role matrix (libs/access/src/role-matrix.ts): ${missing.join(', ')}`);
  }
}
