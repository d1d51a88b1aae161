import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AuthService, UsersService, type StaffRole } from '@northstar/access';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { createApiApp, DASHBOARD_DIST } from '@northstar/platform';
import { HEADLINE_KPIS } from '../../dashboard/src/lib/kpi-meta';
import { emailOf, PASSWORD, RANGE, seedDashboardWorld, type DashboardWorld } from './support/dashboard-world';

/**
 * The dashboard in real headless Chromium against the all-in-one API serving the
 * built bundle: sign-in per role, the views each role gets, KPI tiles equal to
 * the API's numbers, a drill-down, an at-risk action read back through the API,
 * and a screenshot of every view (test-artifacts/screenshots, copied to docs/screenshots).
 */
const ROOT = path.resolve(__dirname, '../../..');
const SHOTS = path.join(ROOT, 'test-artifacts/screenshots');
const DOCS_SHOTS = path.join(ROOT, 'docs/screenshots');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const customerCountOf = (w: DashboardWorld) => w.customerCount;
const QS = `from=${RANGE.from}&to=${RANGE.to}&tz=${RANGE.tz}`;

/**
 * What a KPI tile must read, written from the display rules rather than with the
 * dashboard's own formatter (so a formatter bug cannot agree with itself): en-CA
 * digits grouped by three, at most one decimal (none for counts, minutes and money),
 * trailing zeros dropped, halves rounded away from zero; ratios as percentages;
 * 120 minutes and more in hours; money (minor units, two-decimal currency) in whole
 * dollars, and from $10,000 up in thousands/millions with one decimal ("$12.3K").
 */
function expectedTile(value: number | null, unit: string): string {
  if (value === null) return '—';
  const money = (minor: number) => {
    const major = Math.abs(minor) / 100;
    const sign = minor < 0 ? '-' : '';
    if (major < 10_000) return `${sign}$${decimalText(major, 0)}`;
    const [size, suffix] = major >= 1e9 ? [1e9, 'B'] : major >= 1e6 ? [1e6, 'M'] : [1e3, 'K'];
    return `${sign}$${decimalText(major / size, 1)}${suffix}`;
  };
  switch (unit) {
    case 'ratio':
      return `${decimalText(value * 100, 1)}%`;
    case 'hours':
      return `${decimalText(value, 1)} h`;
    case 'days':
      return `${decimalText(value, 1)} d`;
    case 'minutes':
      return value >= 120 ? `${decimalText(value / 60, 1)} h` : `${decimalText(value, 0)} min`;
    case 'count':
      return decimalText(value, 0);
    case 'minor':
      return money(value);
    default:
      return decimalText(value, 1);
  }
}

/** x with at most `places` decimals from its shortest decimal digits, in BigInt: 41.25 → "41.3", 1234.5 → "1,235". */
function decimalText(x: number, places: number): string {
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const digits = BigInt(mantissa.replace('.', ''));
  const shift = Number(exponent) - (mantissa.replace('.', '').length - 1) + places; // x = digits × 10^(shift − places)
  let scaled = shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
  if (shift < 0 && (digits % 10n ** BigInt(-shift)) * 2n >= 10n ** BigInt(-shift)) scaled += 1n;
  const text = scaled.toString().padStart(places + 1, '0');
  const whole = text.slice(0, text.length - places).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = text.slice(text.length - places).replace(/0+$/, '');
  return `${x < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

let env: TestEnvironment;
let app: NestFastifyApplication;
let browser: Browser;
let base: string;
let world: DashboardWorld;
const tokens: Partial<Record<StaffRole, string>> = {};

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.mkdirSync(DOCS_SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  fs.copyFileSync(file, path.join(DOCS_SHOTS, `${name}.png`));
}

const contexts = new Map<StaffRole, BrowserContext>();

/**
 * Signs in through the form once per role (login is rate-limited per IP, 10 a
 * minute); later pages of that role reuse the browser context, whose local
 * storage holds the tokens, as a returning user's browser would.
 */
async function signIn(role: StaffRole, hash = '', viewport = { width: 1366, height: 900 }): Promise<Page> {
  let ctx = contexts.get(role);
  const fresh = !ctx;
  ctx ??= await browser.newContext({ viewport: { width: 1366, height: 900 } });
  contexts.set(role, ctx);
  const page = await ctx.newPage();
  await page.setViewportSize(viewport);
  page.on('pageerror', (e) => console.error(`[browser:${role}]`, e.message));
  await page.goto(`${base}/app/${hash}`);
  if (fresh) {
    await page.fill('input[name=email]', emailOf(role));
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
  }
  await page.waitForSelector('.shell');
  return page;
}

async function apiGet<T>(role: StaffRole, url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(DASHBOARD_DIST, 'index.html'))) throw new Error('Build the dashboard first: npx vite build --config apps/dashboard/vite.config.ts');
  env = await createTestEnvironment({ SERVE_DASHBOARD: 'true' });
  app = await createApiApp();
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  world = await seedDashboardWorld(app);
  // API read-backs use their own sessions, started directly so the browser's logins keep the rate limit to themselves.
  const auth = app.get(AuthService);
  for (const u of await app.get(UsersService).list()) tokens[u.role as StaffRole] = (await auth.startSession({ id: u.id, role: u.role as StaffRole, email: u.email })).accessToken;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await env?.teardown();
});

describe('dashboard in Chromium', () => {
  it('refuses a wrong password and shows why', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/app/`);
    await page.fill('input[name=email]', emailOf('management'));
    await page.fill('input[name=password]', 'not the password at all');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('Wrong e-mail or password');
    await shot(page, 'login');
    await page.context().close();
  });

  it.each([
    ['management', ['management', 'operations'], 'management'],
    ['customer_success', ['desk'], 'desk'],
    ['operations', ['operations'], 'operations'],
    ['admin', ['management', 'desk', 'operations'], 'management'],
  ] as const)('%s signs in and gets its views', async (role, navs, home) => {
    const page = await signIn(role);
    await page.waitForSelector(`[data-view=${home}]`);
    const shown = await page.locator('nav[aria-label=Views] a').evaluateAll((as) => as.map((a) => a.getAttribute('data-nav')));
    expect(shown).toEqual(navs);
    // A view outside the role is not opened, even by URL.
    if (!(navs as readonly string[]).includes('management')) {
      await page.goto(`${base}/app/#/management`);
      await page.waitForSelector(`[data-view=${home}]`);
      expect(await page.locator('[data-view=management]').count()).toBe(0);
    }
    await page.close();
  });

  it('management: KPI tiles show the API numbers; a tile drills down to its customers', async () => {
    const page = await signIn('management', `#/management?${QS}`);
    await page.waitForSelector('.kpi-grid[data-ready=true]');
    const api = await apiGet<{ kpis: { key: string; value: number | null; unit: string }[]; period: { currency: string } }>('management', `/analytics/kpis?${QS}`);
    expect(api.status).toBe(200);
    const nonEmpty = api.body.kpis.filter((k) => (HEADLINE_KPIS as readonly string[]).includes(k.key) && k.value !== null);
    expect(nonEmpty.length).toBeGreaterThanOrEqual(8); // the generated year has real figures
    for (const key of HEADLINE_KPIS) {
      const k = api.body.kpis.find((x) => x.key === key)!;
      expect(api.body.period.currency).toBe('CAD');
      expect(await page.locator(`[data-testid=kpi-value-${key}]`).textContent()).toBe(expectedTile(k.value, k.unit));
    }
    await page.waitForSelector('[data-panel=funnel] .funnel');
    await page.waitForSelector('[data-panel=retention] table.heatmap');
    await page.waitForSelector('[data-panel=money] .recharts-surface', { timeout: 30_000 });
    // Health over time and segment sizes come from Intelligence's real reads.
    const dist = await apiGet<{ bucket: string; green: number; yellow: number; red: number }[]>('management', `/intelligence/health/distribution?from=${RANGE.from}&to=${RANGE.to}&tz=UTC&interval=month`);
    expect(dist.body).toHaveLength(12);
    const totals = dist.body.map((b) => b.green + b.yellow + b.red);
    expect(totals.at(-1)).toBeGreaterThan(50);
    // Scored customers only accumulate month over month (history is never deleted).
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    await page.waitForSelector('[data-panel=health] .recharts-surface');
    const sizes = await apiGet<{ segmentKey: string; size: number }[]>('management', '/intelligence/segments');
    const rfm = sizes.body.filter((x) => x.segmentKey.startsWith('rfm:'));
    expect(rfm.reduce((n, x) => n + x.size, 0)).toBe(customerCountOf(world));
    await page.waitForSelector('[data-table=segment-sizes]');
    expect(await page.locator('[data-table=segment-sizes] tbody tr').count()).toBe(rfm.length);
    await page.waitForFunction(() => !document.querySelector('[data-view=management] .state.loading'));
    expect(await page.locator('[data-view=management] .state.unavailable, [data-view=management] .state.error').count()).toBe(0);
    await shot(page, 'management');

    // The URL carries the state: reloading it shows the same range.
    expect(page.url()).toContain('from=2024-01-01');

    const funnel = await apiGet<{ steps: { count: number }[] }>('management', `/analytics/funnels/lifecycle?from=${RANGE.from}&to=${RANGE.to}&timezone=UTC`);
    await page.click('[data-kpi=quote_to_customer_conversion]');
    await page.waitForSelector('[data-view=drilldown] [data-table^=drilldown]');
    const count = await page.locator('[data-table^=drilldown] .table-tools span').textContent();
    expect(count).toBe(`${funnel.body.steps[1].count} rows`);
    expect(funnel.body.steps[1].count).toBeGreaterThan(0);
    await shot(page, 'drilldown');

    // CSV export of the drill-down table gives one line per customer plus the header.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-table^=drilldown] [data-action=export-csv]')]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(funnel.body.steps[1].count + 1);
    await page.close();
  });

  it('management view is readable on a phone', async () => {
    const page = await signIn('management', `#/management?${QS}`, { width: 390, height: 844 });
    await page.waitForSelector('.kpi-grid[data-ready=true]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, 'management-phone');
    await page.close();
  });

  it('customer success: acts on an at-risk alert (acknowledge, assign, snooze, resolve) and the API records each step', async () => {
    const cs = emailOf('customer_success');
    const page = await signIn('customer_success');
    page.on('dialog', (d) => void d.accept(d.message().startsWith('Assign') ? 'account-lead@dashboard.test' : 'Called the customer; payment plan agreed'));
    await page.waitForSelector('[data-view=desk]');
    await page.waitForFunction(() => !document.querySelector('[data-view=desk] .state.loading'));
    expect(await page.locator('[data-view=desk] .state.unavailable, [data-view=desk] .state.error').count()).toBe(0);
    const atRisk = await apiGet<{ customerId: string; openTasks: { id: string }[] }[]>('customer_success', '/desk/at-risk?limit=500');
    expect(atRisk.status).toBe(200);
    expect(atRisk.body.find((r) => r.customerId === world.customers[0].id)?.openTasks.map((t) => t.id)).toEqual([world.taskId]);
    const row = `tr:has([data-task="${world.taskId}"])`;
    // The desk pages its rows: show more until the task is on screen.
    while (!(await page.locator(row).count())) await page.click('[data-table=at-risk-desk] button.more');
    expect(await page.locator(`${row} td`).nth(1).textContent()).toBe(world.customers[0].name);
    // The reasons shown are the API's: the churn driver and the rule that fired.
    const reasons = await page.locator(`${row} .reasons`).textContent();
    expect(reasons).toContain('Has not bought anything for 200 days');
    expect(reasons).toContain('Churn risk 72%');
    await shot(page, 'desk');

    type Task = { id: string; status: string; assignee: string | null; snoozedUntil: string | null; resolution: string | null; history: { to: string; actor: string | null; note: string | null }[] };
    const readBack = async () => (await apiGet<Task[]>('customer_success', `/desk/tasks?customerId=${world.customers[0].id}`)).body.find((t) => t.id === world.taskId)!;
    const act = async (flash: string, doIt: () => Promise<unknown>) => {
      await doIt();
      await page.waitForSelector(`[data-flash]:has-text("${flash}")`);
      await page.waitForFunction(() => !document.querySelector('[data-view=desk] button[disabled]'));
    };

    await act('Acknowledged', () => page.click(`[data-task="${world.taskId}"] [data-action=acknowledge]`));
    await page.waitForSelector(`${row} [data-status=acknowledged]`);
    expect(await readBack()).toMatchObject({ status: 'acknowledged', history: [expect.objectContaining({ to: 'open', actor: 'system' }), expect.objectContaining({ from: 'open', to: 'acknowledged', actor: cs })] });

    await act('Assigned to account-lead@dashboard.test', () => page.click(`[data-task="${world.taskId}"] [data-action=assign]`));
    await page.waitForSelector(`${row} td:nth-child(9):text-is("account-lead@dashboard.test")`);
    expect(await readBack()).toMatchObject({ status: 'acknowledged', assignee: 'account-lead@dashboard.test' });

    const before = Date.now();
    await act('Snoozed', () => page.selectOption(`[data-task="${world.taskId}"] [data-action=snooze]`, '24'));
    await page.waitForSelector(`${row} [data-status=snoozed]`);
    const snoozed = await readBack();
    expect(snoozed.status).toBe('snoozed');
    expect(Math.abs(Date.parse(snoozed.snoozedUntil!) - (before + 24 * 3_600_000))).toBeLessThan(120_000);

    await act('Resolved', () => page.click(`[data-task="${world.taskId}"] [data-action=resolve]`));
    // A resolved task leaves the "needs attention" list; the customer stays, red and without a task.
    await page.waitForFunction((id) => !document.querySelector(`[data-task="${id}"]`), world.taskId);
    const resolved = await readBack();
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'Called the customer; payment plan agreed' });
    expect(resolved.history.map((h) => h.to)).toEqual(['open', 'acknowledged', 'acknowledged', 'snoozed', 'resolved']);
    expect(resolved.history.slice(1).every((h) => h.actor === cs)).toBe(true);
    expect(resolved.history[2].note).toBe('assigned to account-lead@dashboard.test');
    await page.selectOption('[data-panel=desk] select[name=status]', 'resolved');
    await page.waitForSelector(`tr:has-text("${world.customers[0].name}") [data-status=resolved]`);
    await shot(page, 'desk-resolved');

    await page.click(`a[href*="/customers/${world.customers[0].id}"]`);
    await page.waitForSelector('[data-testid=customer-name]');
    expect(await page.locator('[data-testid=customer-name]').textContent()).toBe(world.customers[0].name);
    await page.close();
  });

  it('customer 360 shows profile, health components, churn drivers, the ClickHouse timeline, tickets, feedback and interventions', async () => {
    const id = world.customers[0].id;
    const page = await signIn('customer_success', `#/customers/${id}`);
    await page.waitForSelector('[data-testid=customer-name]');
    await page.waitForSelector('[data-table=timeline]');
    const timeline = await apiGet<{ data: unknown[] }>('customer_success', `/v1/customers/${id}/events?limit=200`);
    expect(timeline.body.data.length).toBeGreaterThan(0);
    expect(await page.locator('[data-table=timeline] .table-tools span').textContent()).toBe(`${timeline.body.data.length} row${timeline.body.data.length === 1 ? '' : 's'}`);

    await page.waitForSelector('[data-table=health-components]');
    const health = await apiGet<{ current: { score: number; components: { key: string; reasons: string[] }[] } }>('customer_success', `/intelligence/health/customers/${id}`);
    expect(await page.locator('[data-panel=health] .band.big').textContent()).toBe(String(health.body.current.score));
    expect(await page.locator('[data-table=health-components] tbody tr').count()).toBe(health.body.current.components.length);
    // The survey answered in the world shows up as a satisfaction reason.
    expect(await page.locator('[data-table=health-components] tbody').textContent()).toContain('Latest NPS 4/10');
    expect(await page.locator('[data-panel=churn]').textContent()).toContain('Has not bought anything for 200 days');

    await page.waitForSelector('[data-table=quotes]');
    expect(await page.locator('[data-table=quotes] tbody').textContent()).toContain('Customer portal');

    const tickets = await apiGet<{ number: string }[]>('customer_success', `/tickets?customerId=${id}`);
    expect(tickets.body.map((t) => t.number).sort()).toEqual([...world.ticketNumbers].sort());
    await page.waitForSelector('[data-table=tickets]');
    for (const n of world.ticketNumbers) expect(await page.locator('[data-table=tickets] tbody').textContent()).toContain(n);

    const feedback = await apiGet<{ kind: string; score: number }[]>('customer_success', `/feedback?customerId=${id}`);
    expect(feedback.body.map((f) => `${f.kind}:${f.score}`).sort()).toEqual(['csat:2', 'nps:4']);
    await page.waitForSelector('[data-table=feedback]');
    expect(await page.locator('[data-table=feedback] tbody tr').count()).toBe(2);

    const firings = await apiGet<{ ruleName: string }[]>('customer_success', `/intelligence/interventions/firings?customerId=${id}`);
    expect(firings.body.map((f) => f.ruleName)).toEqual(['Churn risk: outreach']);
    await page.waitForSelector('[data-table=interventions]');
    expect(await page.locator('[data-table=interventions] tbody').textContent()).toContain('Churn risk: outreach');

    await page.waitForFunction(() => !document.querySelector('[data-view=customer] .state.loading'));
    expect(await page.locator('[data-view=customer] .state.unavailable, [data-view=customer] .state.error').count()).toBe(0);
    await shot(page, 'customer-360');
    await page.close();
  });

  it('operations: pipeline, overdue invoices, appointments today and intake breaches', async () => {
    const page = await signIn('operations');
    await page.waitForSelector('[data-view=operations]');
    await page.waitForSelector('[data-table=intake-breaches]');
    const breaches = await apiGet<{ items: { number: string }[] }>('operations', '/intake/quote-requests?breached=true');
    expect(breaches.body.items).toHaveLength(1);
    expect(await page.locator('[data-table=intake-breaches] tbody').textContent()).toContain(breaches.body.items[0].number);
    // The pipeline counts the API's quotes by state.
    const quotes = await apiGet<{ items: { status: string }[] }>('operations', '/quotes?limit=200');
    expect(quotes.body.items.map((q) => q.status).sort()).toEqual(['draft', 'in_review', 'sent']);
    await page.waitForSelector('[data-table=quote-pipeline]');
    for (const st of ['Draft', 'In review', 'Sent']) expect(await page.locator(`[data-table=quote-pipeline] tbody tr:has-text("${st}") td`).nth(1).textContent()).toBe('1');
    // Appointments today come from the appointments list route.
    const today = new Date().toISOString().slice(0, 10);
    const appts = await apiGet<{ id: string; customer: { name: string } }[]>('operations', `/appointments?from=${today}&to=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}&timeZone=UTC`);
    expect(appts.body.map((a) => a.id)).toEqual([world.appointmentId]);
    expect((await apiGet('operations', '/appointments?from=yesterday&to=2024-01-02')).status).toBe(400);
    // Health and churn reads belong to customer success and management.
    expect((await apiGet('operations', `/intelligence/health/distribution?from=${RANGE.from}&to=${RANGE.to}`)).status).toBe(403);
    await page.waitForSelector('[data-table=appointments-today]');
    expect(await page.locator('[data-table=appointments-today] tbody').textContent()).toContain(world.customers[1].name);
    // Every panel settles into content or an empty state — never a spinner, an error or "not available".
    await page.waitForFunction(() => !document.querySelector('[data-view=operations] .state.loading'));
    expect(await page.locator('[data-view=operations] .state.error, [data-view=operations] .state.unavailable').count()).toBe(0);
    await shot(page, 'operations');
    await page.close();
  });
});
