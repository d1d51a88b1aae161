import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * A local stand-in for the few Stripe API endpoints billing calls (Checkout Sessions and
 * Refunds). The real `stripe` SDK talks to it over HTTP (host/port/protocol options), so
 * request encoding, auth headers and idempotency keys are exercised for real.
 */
export class FakeStripe {
  private server?: http.Server;
  readonly sessions = new Map<string, Record<string, unknown>>();
  readonly refunds: Record<string, unknown>[] = [];
  readonly requests: { method: string; path: string; idempotencyKey?: string; auth?: string }[] = [];
  private readonly idempotent = new Map<string, string>();

  get url() {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const key = req.headers['idempotency-key'] as string | undefined;
        this.requests.push({ method: req.method!, path: req.url!, idempotencyKey: key, auth: req.headers.authorization });
        const send = (status: number, obj: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` });
          res.end(JSON.stringify(obj));
        };
        if (!req.headers.authorization?.startsWith('Bearer sk_test_')) return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
        if (key && this.idempotent.has(key)) return send(200, JSON.parse(this.idempotent.get(key)!));
        const p = new URLSearchParams(body);
        const metadata = (prefix: string) => Object.fromEntries([...p.entries()].filter(([k]) => k.startsWith(`${prefix}[`)).map(([k, v]) => [k.slice(prefix.length + 1, -1), v]));
        let out: Record<string, unknown> | undefined;
        if (req.method === 'POST' && req.url === '/v1/checkout/sessions') {
          const id = `cs_test_${randomBytes(8).toString('hex')}`;
          out = {
            id,
            object: 'checkout.session',
            mode: p.get('mode'),
            url: `https://checkout.stripe.test/pay/${id}`,
            amount_total: Number(p.get('line_items[0][price_data][unit_amount]')) * Number(p.get('line_items[0][quantity]') ?? 1),
            currency: p.get('line_items[0][price_data][currency]'),
            client_reference_id: p.get('client_reference_id'),
            customer_email: p.get('customer_email'),
            metadata: metadata('metadata'),
            payment_intent_metadata: metadata('payment_intent_data[metadata]'),
            payment_intent: null,
            payment_status: 'unpaid',
            status: 'open',
          };
          this.sessions.set(id, out);
        } else if (req.method === 'POST' && req.url === '/v1/refunds') {
          out = { id: `re_${randomBytes(8).toString('hex')}`, object: 'refund', amount: Number(p.get('amount')), payment_intent: p.get('payment_intent'), status: 'succeeded', metadata: metadata('metadata') };
          this.refunds.push(out);
        }
        if (!out) return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.url})` } });
        if (key) this.idempotent.set(key, JSON.stringify(out));
        send(200, out);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop() {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** A Stripe event envelope as Stripe sends it. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_${randomBytes(10).toString('hex')}`) {
  return { id, object: 'event', api_version: '2025-10-29.clover', created: Math.floor(Date.now() / 1000), type, data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } };
}
