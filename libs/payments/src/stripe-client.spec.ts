import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStripe } from './stripe-client';

describe('createStripe', () => {
  it('points the real SDK at STRIPE_API_BASE (the local fake in tests)', async () => {
    const seen: { path?: string; auth?: string } = {};
    const server = http.createServer((req, res) => {
      seen.path = req.url;
      seen.auth = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 're_1', object: 'refund', amount: 5 }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const stripe = createStripe({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_BASE: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const refund = await stripe.refunds.create({ payment_intent: 'pi_1', amount: 5 });
      expect(refund.id).toBe('re_1');
      expect(seen).toEqual({ path: '/v1/refunds', auth: 'Bearer sk_test_x' });
    } finally {
      server.close();
    }
  });
});
