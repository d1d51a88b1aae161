import { generateWorld } from '../generate-world';
import { historySteps, REPLAY_QUOTE_VALIDITY_DAYS, type HistoryStep } from './history-plan';

const END = new Date('2025-06-01T00:00:00Z');
const DAY = 86_400_000;
const world = generateWorld({ seed: 42, customers: 400, end: END });
const QUOTE_CHAIN = ['request', 'first-response', 'quote', 'request-revision', 'revise', 'send', 'view', 'accept', 'reject', 'expire'];
const DECISIONS = ['accept', 'reject', 'expire'];

const stepsOf = (job: number, steps: HistoryStep[]) => steps.filter((s) => 'job' in s && s.job === job);

describe('historySteps', () => {
  it('orders every customer’s steps in time and leaves out the future', () => {
    for (const c of world.customers) {
      const times = historySteps(c, END).map((s) => s.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.every((t) => t < END.getTime())).toBe(true);
    }
  });

  it('keeps each quote’s steps in the order the quote services require, and decides while the quote is valid', () => {
    let decided = 0;
    for (const c of world.customers) {
      const steps = historySteps(c, END);
      c.jobs.forEach((j, job) => {
        const chain = stepsOf(job, steps).filter((s) => QUOTE_CHAIN.includes(s.kind));
        const expected = ['request', 'first-response', 'quote', ...j.quote.versions.flatMap((_, v) => (v ? ['request-revision', 'revise', 'send'] : ['send']))];
        expect(chain.slice(0, expected.length).map((s) => s.kind)).toEqual(expected.slice(0, chain.length));
        const times = chain.map((s) => s.at.getTime());
        expect(new Set(times).size).toBe(times.length);
        const decision = chain.find((s) => DECISIONS.includes(s.kind));
        if (!decision) return;
        decided++;
        const lastSend = chain.filter((s) => s.kind === 'send').at(-1)!.at.getTime();
        expect(decision.at.getTime() - lastSend).toBeLessThanOrEqual(REPLAY_QUOTE_VALIDITY_DAYS * DAY);
        expect(decision.kind).toBe({ accepted: 'accept', rejected: 'reject', expired: 'expire' }[j.quote.outcome]);
      });
    }
    expect(decided).toBeGreaterThan(500);
  });

  it('books before it reschedules or records the visit, and opens a ticket before escalating or resolving it', () => {
    for (const c of world.customers) {
      const steps = historySteps(c, END);
      c.jobs.forEach((_, job) => {
        const js = stepsOf(job, steps);
        const firstBook = js.findIndex((s) => s.kind === 'book');
        for (const k of ['reschedule', 'cancel-appointment', 'appointment-outcome']) {
          const i = js.findIndex((s) => s.kind === k);
          if (i >= 0) expect(i).toBeGreaterThan(firstBook);
        }
        for (const s of js) {
          if (s.kind !== 'ticket-escalate' && s.kind !== 'ticket-resolve') continue;
          const opened = js.findIndex((o) => o.kind === 'ticket-open' && o.ticket === s.ticket);
          expect(opened).toBeGreaterThanOrEqual(0);
          expect(opened).toBeLessThan(js.indexOf(s));
        }
      });
    }
  });

  it('leaves out the jobs another path creates', () => {
    const c = world.customers.find((x) => x.jobs.length > 1)!;
    const skipped = historySteps(c, END, new Set([c.jobs[0].key]));
    expect(stepsOf(0, skipped)).toEqual([]);
    expect(stepsOf(1, skipped).length).toBeGreaterThan(0);
  });
});
