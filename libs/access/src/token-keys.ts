import { Inject, Injectable } from '@nestjs/common';
import { hkdfSync } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { resolveJwtSecret } from './jwt-secret';

/**
 * One secret, one derived key per purpose (HKDF), so a token minted for one
 * purpose — a customer link — can never verify as another — a staff session.
 */
@Injectable()
export class TokenKeys {
  readonly access: Uint8Array;
  readonly customerLink: Uint8Array;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const secret = resolveJwtSecret(config);
    this.access = new Uint8Array(hkdfSync('sha256', secret, 'northstar', 'staff-access-token', 32));
    this.customerLink = new Uint8Array(hkdfSync('sha256', secret, 'northstar', 'customer-link', 32));
  }
}
