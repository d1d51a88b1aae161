import { SetMetadata } from '@nestjs/common';

export const AUDIT_READ = 'northstar:audit-read';
export const AUDIT_RESOURCE = 'northstar:audit-resource';

/**
 * Marks a GET route that returns personal data: each successful call writes an
 * audit row naming the resource type and the record id(s) returned.
 * `@AuditRead('customer')`.
 */
export const AuditRead = (resourceType: string) => SetMetadata(AUDIT_READ, resourceType);

/** Names the resource type a mutation changes, when the path does not say it plainly. */
export const AuditResource = (resourceType: string) => SetMetadata(AUDIT_RESOURCE, resourceType);
