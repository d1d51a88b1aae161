import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AuthService, UsersService, type StaffRole } from '@northstar/access';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { createApiApp, DASHBOARD_DIST } from '@northstar/platform';
import { formatKpiValue } from '../../dashboard/src/lib/format';
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
const QS = `from=${RANGE.from}&to=${RANGE.to}&tz=${RANGE.tz}`;

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
    const nonEmpty = api.body.kpis.filter((k) => HEADLINE_KPIS.includes(k.key) && k.value !== null);
    expect(nonEmpty.length).toBeGreaterThanOrEqual(8); // the generated year has real figures
    for (const key of HEADLINE_KPIS) {
      const k = api.body.kpis.find((x) => x.key === key)!;
      expect(await page.locator(`[data-testid=kpi-value-${key}]`).textContent()).toBe(formatKpiValue(k.value, k.unit, api.body.period.currency));
    }
    await page.waitForSelector('[data-panel=funnel] .funnel');
    await page.waitForSelector('[data-panel=retention] table.heatmap');
    await page.waitForSelector('[data-panel=money] .recharts-surface', { timeout: 30_000 });
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

  it('customer success: acts on an at-risk alert and the API records it; opens the customer 360', async () => {
    const page = await signIn('customer_success');
    await page.waitForSelector('[data-view=desk]');
    await page.waitForFunction(() => !document.querySelector('[data-view=desk] .state.loading'));
    await shot(page, 'desk');
    const desk = await apiGet<unknown>('customer_success', '/interventions/desk');
    expect({ endpoint: 'GET /interventions/desk', status: desk.status }).toEqual({ endpoint: 'GET /interventions/desk', status: 200 });
    await page.waitForSelector(`[data-task="${world.taskId}"] [data-action=acknowledge]`);
    await shot(page, 'desk');
    await page.click(`[data-task="${world.taskId}"] [data-action=acknowledge]`);
    await page.waitForSelector('[data-flash]');
    const after = await apiGet<unknown>('customer_success', '/interventions/desk');
    const rows = (Array.isArray(after.body) ? after.body : ((after.body as { items?: unknown[] }).items ?? (after.body as { data?: unknown[] }).data ?? [])) as { id: string; status: string }[];
    expect(rows.find((r) => r.id === world.taskId)?.status).toBe('acknowledged');

    await page.click(`a[href*="/customers/${world.customers[0].id}"]`);
    await page.waitForSelector('[data-testid=customer-name]');
    expect(await page.locator('[data-testid=customer-name]').textContent()).toBe(world.customers[0].name);
    await page.waitForSelector('[data-table=timeline]');
    await shot(page, 'customer-360');
    await page.close();
  });

  it('customer 360 shows profile, health components, churn drivers and the ClickHouse timeline', async () => {
    const page = await signIn('customer_success', `#/customers/${world.customers[0].id}`);
    await page.waitForSelector('[data-testid=customer-name]');
    await page.waitForSelector('[data-table=timeline]');
    const timeline = await apiGet<{ data: unknown[] }>('customer_success', `/v1/customers/${world.customers[0].id}/events?limit=200`);
    expect(timeline.body.data.length).toBeGreaterThan(0);
    expect(await page.locator('[data-table=timeline] .table-tools span').textContent()).toBe(`${timeline.body.data.length} row${timeline.body.data.length === 1 ? '' : 's'}`);
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
    // Every panel settles into content, an empty state or a "not available" state — never a spinner or an error.
    await page.waitForFunction(() => !document.querySelector('[data-view=operations] .state.loading'));
    expect(await page.locator('[data-view=operations] .state.error').count()).toBe(0);
    await shot(page, 'operations');
    await page.close();
  });
});
