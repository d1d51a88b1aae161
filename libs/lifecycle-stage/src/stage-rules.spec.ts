import { addMonths, relationshipStageAt, salesStageAt, stageHistory, type StageFacts } from './stage-rules';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const facts = (f: Partial<StageFacts>): StageFacts => ({ activity: [], purchases: [], quotesSent: [], ...f });
const ms = (iso: string, delta: number) => new Date(d(iso).getTime() + delta);

describe('addMonths', () => {
  it('keeps the day of month and clamps to the last day of a shorter month', () => {
    expect(addMonths(d('2023-01-15'), 12).toISOString()).toBe('2024-01-15T00:00:00.000Z');
    expect(addMonths(d('2024-02-29'), 12).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(addMonths(d('2024-01-31'), 1).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(addMonths(d('2023-01-31'), 1).toISOString()).toBe('2023-02-28T00:00:00.000Z');
  });
});

describe('sales stage (seed 001)', () => {
  const first = '2024-03-01';
  const lead = facts({ activity: [d(first)] });

  it('is a prospect for the first 30 days and an opportunity from day 30', () => {
    expect(salesStageAt(lead, d(first))).toBe('prospect');
    expect(salesStageAt(lead, ms('2024-03-31', -1))).toBe('prospect'); // 29 days 23:59:59.999
    expect(salesStageAt(lead, d('2024-03-31'))).toBe('opportunity'); // day 30
  });

  it('becomes an opportunity as soon as a quote is sent', () => {
    expect(salesStageAt(facts({ activity: [d(first)], quotesSent: [d('2024-03-05')] }), d('2024-03-05'))).toBe('opportunity');
  });

  it('is a new customer for 90 days after the first purchase, established until 12 months, then mature', () => {
    const f = facts({ activity: [d(first), d('2024-04-10')], purchases: [d('2024-04-10')] });
    expect(salesStageAt(f, d('2024-04-10'))).toBe('new-customer');
    expect(salesStageAt(f, ms('2024-07-09', -1))).toBe('new-customer'); // 10 Apr + 90 days = 9 Jul
    expect(salesStageAt(f, d('2024-07-09'))).toBe('established');
    expect(salesStageAt(f, ms('2025-04-10', -1))).toBe('established');
    expect(salesStageAt(f, d('2025-04-10'))).toBe('mature');
  });

  it('counts 12 months on the calendar across a leap day (366 days) and from 29 February', () => {
    const jan = facts({ activity: [d('2024-01-15')], purchases: [d('2024-01-15')] });
    expect(salesStageAt(jan, d('2025-01-14'))).toBe('established'); // day 365, still before the anniversary
    expect(salesStageAt(jan, d('2025-01-15'))).toBe('mature'); // day 366
    const leapDay = facts({ activity: [d('2024-02-29')], purchases: [d('2024-02-29')] });
    expect(salesStageAt(leapDay, ms('2025-02-28', -1))).toBe('established');
    expect(salesStageAt(leapDay, d('2025-02-28'))).toBe('mature');
  });

  it('is in renewal for the 90 days before a contract ends', () => {
    const f = facts({ activity: [d('2023-01-01')], purchases: [d('2023-01-01')], contractEndsAt: d('2024-12-31') });
    expect(salesStageAt(f, ms('2024-10-02', -1))).toBe('mature'); // 31 Dec − 90 days = 2 Oct
    expect(salesStageAt(f, d('2024-10-02'))).toBe('renewal');
    expect(salesStageAt(f, d('2024-12-31'))).toBe('mature');
  });

  it('has no stage before anything happened', () => {
    expect(salesStageAt(lead, d('2024-02-01'))).toBeNull();
  });
});

describe('relationship stage (seed 003)', () => {
  it('is a prospect until the first purchase, then new for 90 days', () => {
    const f = facts({ activity: [d('2024-01-01'), d('2024-02-01')], purchases: [d('2024-02-01')] });
    expect(relationshipStageAt(f, d('2024-01-20'))).toBe('prospect');
    expect(relationshipStageAt(f, d('2024-02-01'))).toBe('new');
    expect(relationshipStageAt(f, ms('2024-05-01', -1))).toBe('new'); // 1 Feb + 90 days = 1 May (leap February)
  });

  it('is at risk after 90 silent days and inactive after 180', () => {
    const f = facts({ activity: [d('2024-02-01')], purchases: [d('2024-02-01')] });
    expect(relationshipStageAt(f, d('2024-05-01'))).toBe('at-risk'); // day 90 without activity
    expect(relationshipStageAt(f, ms('2024-07-30', -1))).toBe('at-risk');
    expect(relationshipStageAt(f, d('2024-07-30'))).toBe('inactive'); // day 180
  });

  it('is active with steady activity and loyal after 12 months with repeat purchases', () => {
    const monthly = Array.from({ length: 15 }, (_, i) => addMonths(d('2024-01-10'), i));
    const f = facts({ activity: monthly, purchases: [d('2024-01-10'), d('2024-09-10')] });
    expect(relationshipStageAt(f, d('2024-06-01'))).toBe('active');
    expect(relationshipStageAt(f, ms('2025-01-10', -1))).toBe('active');
    expect(relationshipStageAt(f, d('2025-01-10'))).toBe('loyal');
    expect(relationshipStageAt(facts({ activity: monthly, purchases: [d('2024-01-10')] }), d('2025-02-01'))).toBe('active');
  });

  it('is at risk when activity halves against the 90 days before', () => {
    // 6 activities in (1 Jan, 31 Mar], then 2 in (31 Mar, 29 Jun]: 2 < 6 × 0.5.
    const before = ['2024-01-05', '2024-01-20', '2024-02-05', '2024-02-20', '2024-03-05', '2024-03-20'].map(d);
    const f = facts({ activity: [...before, d('2024-05-01'), d('2024-06-20')], purchases: [d('2024-01-05')] });
    expect(relationshipStageAt(f, d('2024-06-29'))).toBe('at-risk');
    // three in the recent window is not under half of six
    expect(relationshipStageAt(facts({ ...f, activity: [...f.activity, d('2024-06-25')] }), d('2024-06-29'))).toBe('active');
  });
});

describe('stageHistory', () => {
  it('lists each stage with the instant it was entered, including time-driven changes', () => {
    const f = facts({
      activity: [d('2024-01-01'), d('2024-01-10'), d('2024-02-15'), d('2024-03-01')],
      quotesSent: [d('2024-01-10')],
      purchases: [d('2024-02-15')],
    });
    const now = d('2025-06-01');
    expect(stageHistory(salesStageAt, f, now)).toEqual([
      { stage: 'prospect', enteredAt: d('2024-01-01') },
      { stage: 'opportunity', enteredAt: d('2024-01-10') },
      { stage: 'new-customer', enteredAt: d('2024-02-15') },
      { stage: 'established', enteredAt: d('2024-05-15') }, // 15 Feb + 90 days (29 days in Feb 2024)
      { stage: 'mature', enteredAt: d('2025-02-15') },
    ]);
    expect(stageHistory(relationshipStageAt, f, now)).toEqual([
      { stage: 'prospect', enteredAt: d('2024-01-01') },
      { stage: 'new', enteredAt: d('2024-02-15') },
      { stage: 'active', enteredAt: d('2024-05-15') }, // no longer new; one activity in the last 90 days against three before is no decline (< 4)
      { stage: 'at-risk', enteredAt: d('2024-05-30') }, // last activity 1 Mar + 90 days
      { stage: 'inactive', enteredAt: d('2024-08-28') }, // 1 Mar + 180 days
    ]);
  });

  it('is empty before the first activity', () => {
    expect(stageHistory(salesStageAt, facts({ activity: [d('2024-01-01')] }), d('2023-12-31'))).toEqual([]);
  });
});
