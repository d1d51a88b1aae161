import { SetMetadata } from '@nestjs/common';

export const STAFF_ROLES = ['admin', 'management', 'customer_success', 'operations'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Who may call an endpoint. Every route must carry exactly one declaration; the
 * access guard refuses undeclared routes and a test walks every registered route.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'staff' }
  | { kind: 'write-key' }
  | { kind: 'api-key'; scopes: string[] }
  | { kind: 'customer-link'; resource: 'quote' | 'invoice' | 'appointment' | 'project' }
  | { kind: 'webhook'; provider: 'stripe' };

export const ACCESS_RULE = 'northstar:access-rule';

export const Access = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);
/** No authentication (health, intake form, login). */
export const Public = () => Access({ kind: 'public' });
/** Signed-in staff whose role the role matrix (role-matrix.ts) admits to this route; admin always passes. */
export const Staff = () => Access({ kind: 'staff' });
/** Segment-style ingestion write key (HTTP Basic user name or body writeKey). */
export const WriteKey = () => Access({ kind: 'write-key' });
/** Integration API key carrying one of these scopes. */
export const ApiKeyScopes = (...scopes: string[]) => Access({ kind: 'api-key', scopes });
/** A customer holding a signed, expiring link to one of their own records. */
export const CustomerLink = (resource: 'quote' | 'invoice' | 'appointment' | 'project') => Access({ kind: 'customer-link', resource });
/** Provider webhooks authenticated by their own signature. */
export const Webhook = (provider: 'stripe') => Access({ kind: 'webhook', provider });
