import { Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify } from 'jose';
import { TokenKeys } from './token-keys';

export type CustomerLinkResource = 'quote' | 'invoice' | 'appointment' | 'project';

export interface CustomerLinkClaims {
  resource: CustomerLinkResource;
  id: string;
  expiresAt: Date;
}

const AUDIENCE = 'northstar:customer-link';

/**
 * Signed, expiring links that let a customer open one of their own records
 * without an account: `…/quotes/:id?token=<sign('quote', id, ttl)>`. The token
 * binds the resource type and id; the access guard checks both against the route.
 */
@Injectable()
export class CustomerLinkService {
  constructor(private readonly keys: TokenKeys) {}

  /** ttlSec: how long the link works (default 14 days). */
  async sign(resource: CustomerLinkResource, id: string, ttlSec = 14 * 24 * 3600): Promise<string> {
    return new SignJWT({ res: resource, rid: id })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSec)
      .sign(this.keys.customerLink);
  }

  /** The link's claims, or null when tampered, expired or malformed. */
  async verify(token: string): Promise<CustomerLinkClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.keys.customerLink, { audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.res !== 'string' || typeof payload.rid !== 'string' || !payload.exp) return null;
      return { resource: payload.res as CustomerLinkResource, id: payload.rid, expiresAt: new Date(payload.exp * 1000) };
    } catch {
      return null;
    }
  }
}
