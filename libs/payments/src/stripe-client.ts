import Stripe from 'stripe';
import type { AppConfig } from '@northstar/config';

export const STRIPE = Symbol('STRIPE');

/**
 * The Stripe SDK, pointed at STRIPE_API_BASE when set (tests run a local fake Stripe
 * server; the SDK itself is real). Without a key the client still builds, and calls fail
 * with Stripe's own authentication error.
 */
export function createStripe(config: Pick<AppConfig, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): Stripe {
  const key = config.STRIPE_SECRET_KEY ?? 'sk_test_unconfigured';
  if (!config.STRIPE_API_BASE) return new Stripe(key, { maxNetworkRetries: 2 });
  const u = new URL(config.STRIPE_API_BASE);
  return new Stripe(key, {
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
    protocol: u.protocol.replace(':', '') as 'http' | 'https',
    maxNetworkRetries: 0,
  });
}
