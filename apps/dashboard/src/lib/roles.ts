export type Role = 'admin' | 'management' | 'customer_success' | 'operations';

export const VIEWS = [
  { path: '/management', label: 'Management', roles: ['admin', 'management'] },
  { path: '/desk', label: 'At-risk desk', roles: ['admin', 'customer_success'] },
  { path: '/operations', label: 'Operations', roles: ['admin', 'operations', 'management'] },
] as const satisfies readonly { path: string; label: string; roles: readonly Role[] }[];

/** Which top-level views a role gets (the API enforces the same per endpoint). */
export function viewsFor(role: Role) {
  return VIEWS.filter((v) => (v.roles as readonly Role[]).includes(role));
}

/** Every route a role may open; drill-downs belong to management, the customer page to whoever reads customers' history. */
export function canOpen(role: Role, path: string): boolean {
  const first = '/' + (path.split('/')[1] ?? '');
  if (first === '/drilldown') return role === 'admin' || role === 'management';
  if (first === '/customers') return role === 'admin' || role === 'management' || role === 'customer_success';
  return viewsFor(role).some((v) => v.path === first);
}

export function homeFor(role: Role): string {
  return viewsFor(role)[0]?.path ?? '/operations';
}
