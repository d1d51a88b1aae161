/** One Segment batch of the ingestion benchmark: 80% track, 10% identify, 10% page. */
export function batchBody(tag: string, batchNo: number, size: number): string {
  const now = new Date().toISOString();
  const batch = [];
  for (let i = 0; i < size; i++) {
    const u = `user-${(batchNo * 7 + i) % 5000}`;
    const messageId = `${tag}-${batchNo}-${i}`;
    const common = { messageId, timestamp: now, context: { library: { name: 'bench', version: '1' }, ip: '127.0.0.1' } };
    switch (i % 10) {
      case 0:
        batch.push({ ...common, type: 'identify', userId: u, anonymousId: `anon-${u}`, traits: { plan: 'pro', email: `${u}@example.com` } });
        break;
      case 1:
        batch.push({ ...common, type: 'page', anonymousId: `anon-${u}`, name: 'Pricing', properties: { path: '/pricing', referrer: 'https://example.com/' } });
        break;
      default:
        batch.push({ ...common, type: 'track', userId: u, event: i % 2 ? 'Quote Viewed' : 'Button Clicked', properties: { quoteId: `q-${batchNo}`, amount: i * 100, currency: 'CAD' } });
    }
  }
  return JSON.stringify({ batch, sentAt: now });
}

