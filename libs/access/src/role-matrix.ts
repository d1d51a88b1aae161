import type { StaffRole } from './access.decorators';

/** admin passes every staff route, so a grant names only the other roles. */
export type GrantedRole = Exclude<StaffRole, 'admin'>;
export const GRANTED_ROLES: readonly GrantedRole[] = ['management', 'customer_success', 'operations'];

/** A route that departs from its area's rule, and the reason written next to it. */
export interface RouteException {
  roles: readonly GrantedRole[];
  why: string;
}

/**
 * One area of the business. Its GET routes are open to `read`, every other route to
 * `write`, unless the route is listed in `except` with its own roles and a reason.
 */
export interface MatrixArea {
  title: string;
  read: readonly GrantedRole[];
  write: readonly GrantedRole[];
  why: string;
  routes: readonly string[];
  except?: Readonly<Record<string, RouteException>>;
}

const M = 'management';
const CS = 'customer_success';
const OPS = 'operations';
const EVERYONE = [M, CS, OPS] as const;
const ADMIN_ONLY = [] as const;

/**
 * Who may call each staff route (`@Staff()`), as `METHOD /path` exactly as Nest
 * registers it. The access guard reads this table and nothing else; a staff route
 * missing here is refused at start-up, and docs/access.md's role matrix is generated
 * from it (`npm run docs:access`).
 */
export const ROLE_MATRIX: readonly MatrixArea[] = [
  {
    title: 'Administration',
    read: ADMIN_ONLY,
    write: ADMIN_ONLY,
    why: 'Who may sign in, which integrations may call, what is kept about whom, and jobs that rewrite derived data across all customers: one accountable role.',
    routes: [
      'GET /admin/users',
      'POST /admin/users',
      'PATCH /admin/users/:id',
      'POST /admin/users/:id/reset-password',
      'POST /admin/users/:id/revoke-sessions',
      'POST /admin/users/:id/unlock',
      'GET /admin/api-keys',
      'POST /admin/api-keys',
      'DELETE /admin/api-keys/:id',
      'GET /v1/write-keys',
      'POST /v1/write-keys',
      'DELETE /v1/write-keys/:id',
      'GET /admin/audit',
      'GET /admin/privacy/customers/:id/export',
      'POST /admin/privacy/customers/:id/erase',
      'GET /admin/privacy/customers/:id/erasures',
      'POST /admin/demo/replay',
      'GET /admin/consistency',
      'POST /admin/import/existing-messages',
      'POST /intelligence/jobs/run',
      'POST /intelligence/churn/train',
      'POST /loyalty/maintenance/run',
    ],
  },
  {
    title: 'Own session',
    read: EVERYONE,
    write: EVERYONE,
    why: 'Every signed-in person sees who they are, changes their own password and signs out.',
    routes: ['GET /auth/me', 'POST /auth/logout', 'POST /auth/password'],
  },
  {
    title: 'Analytics',
    read: [M],
    write: [M],
    why: "Business-wide figures, revenue included, are management's: they read them, save funnels and set KPI targets. Customer success works from the desk and each customer's page, operations from its queues.",
    routes: [
      'GET /analytics/kpis',
      'GET /analytics/kpis/series',
      'PUT /analytics/kpis/targets/:key',
      'GET /analytics/retention',
      'GET /analytics/funnels/lifecycle',
      'POST /analytics/funnels',
      'GET /analytics/funnels/:id/dropped',
      'GET /analytics/funnels/saved',
      'POST /analytics/funnels/saved',
      'GET /analytics/funnels/saved/:id',
      'PUT /analytics/funnels/saved/:id',
      'DELETE /analytics/funnels/saved/:id',
      'GET /analytics/funnels/saved/:id/results',
    ],
    except: {
      'GET /analytics/funnels/:id/dropped': { roles: [M, CS], why: 'Who dropped out at a step is a call list: customer success follows them up.' },
    },
  },
  {
    title: 'Customers',
    read: EVERYONE,
    write: [CS],
    why: 'Customer success owns the customer record: registration, contacts, notes, documents, consent, merges and deletion. Operations and management read it to do their work; customers who come through the intake form are registered by it, so operations never needs to create one by hand.',
    routes: [
      'GET /customers',
      'POST /customers',
      'POST /customers/merge',
      'GET /customers/:id',
      'PATCH /customers/:id',
      'DELETE /customers/:id',
      'GET /customers/:id/preferences',
      'PUT /customers/:id/preferences',
      'GET /customers/:id/consent-history',
      'POST /customers/:id/contacts',
      'POST /customers/:id/notes',
      'POST /customers/:id/documents',
    ],
  },
  {
    title: 'Customer intelligence and the at-risk desk',
    read: [M, CS],
    write: [CS],
    why: "Health, churn, segments, interventions, each customer's event timeline and the desk are customer success's tools, and they work the desk; management watches. Operations has no desk: its view is the work queue.",
    routes: [
      'GET /desk/at-risk',
      'GET /desk/tasks',
      'POST /desk/tasks/:id/acknowledge',
      'POST /desk/tasks/:id/assign',
      'POST /desk/tasks/:id/snooze',
      'POST /desk/tasks/:id/resolve',
      'GET /intelligence/health/distribution',
      'GET /intelligence/health/:subject/:id',
      'GET /intelligence/churn/customers/:id',
      'GET /intelligence/churn/models',
      'GET /intelligence/segments',
      'GET /intelligence/segments/:key/members',
      'GET /intelligence/segments/:key/sizes',
      'GET /intelligence/customers/:id/segments',
      'GET /intelligence/custom-segments',
      'PUT /intelligence/custom-segments/:key',
      'DELETE /intelligence/custom-segments/:key',
      'GET /intelligence/rules',
      'POST /intelligence/rules',
      'GET /intelligence/rules/:id',
      'PATCH /intelligence/rules/:id',
      'DELETE /intelligence/rules/:id',
      'GET /intelligence/rules/:id/firings',
      'GET /intelligence/interventions/log',
      'GET /intelligence/interventions/firings',
      'GET /intelligence/interventions/uplift',
      'GET /v1/customers/:id/events',
      'GET /v1/events/counts',
    ],
  },
  {
    title: 'Intake',
    read: EVERYONE,
    write: [CS, OPS],
    why: 'Operations runs intake; customer success answers requests too. Management reads.',
    routes: ['GET /intake/quote-requests', 'GET /intake/quote-requests/:id', 'POST /intake/quote-requests/:id/first-response', 'GET /intake/routing-rules', 'PUT /intake/routing-rules'],
    except: {
      'PUT /intake/routing-rules': { roles: [OPS], why: 'Routing decides which team receives each request: it belongs to operations, who run intake.' },
    },
  },
  {
    title: 'Quotes',
    read: EVERYONE,
    write: [OPS],
    why: 'A quote commits the business to a price: operations prices it from the rate card, submits, revises and sends it. Customer success and management read quotes and the rate card.',
    routes: [
      'GET /quotes',
      'POST /quotes',
      'GET /quotes/rate-card',
      'GET /quotes/:id',
      'PATCH /quotes/:id',
      'GET /quotes/:id/pdf',
      'POST /quotes/:id/submit',
      'POST /quotes/:id/approve',
      'POST /quotes/:id/return',
      'POST /quotes/:id/send',
      'POST /quotes/:id/revise',
    ],
    except: {
      'POST /quotes/:id/approve': { roles: [M, OPS], why: 'Peer review: someone other than the author (QuoteService refuses the author) approves, another member of operations or management.' },
      'POST /quotes/:id/return': { roles: [M, OPS], why: 'The reviewer, operations or management, sends a quote back for changes.' },
    },
  },
  {
    title: 'Appointments',
    read: EVERYONE,
    write: [CS, OPS],
    why: 'Customers book, move and cancel through customer success or operations, who also record how the meeting went. Management reads the calendar.',
    routes: [
      'GET /appointments',
      'POST /appointments',
      'GET /appointments/types',
      'GET /appointments/slots',
      'GET /appointments/:id',
      'POST /appointments/:id/reschedule',
      'POST /appointments/:id/cancel',
      'POST /appointments/:id/held',
      'POST /appointments/:id/no-show',
    ],
  },
  {
    title: 'Projects',
    read: EVERYONE,
    write: [OPS],
    why: "Delivery is operations' work: tasks, time, milestones and change orders (which price extra work). Customer success and management read projects.",
    routes: [
      'GET /projects',
      'GET /projects/:id',
      'POST /projects/:id/tasks',
      'POST /projects/:id/tasks/:taskId/done',
      'POST /projects/:id/time-logs',
      'POST /projects/:id/milestones/:milestoneId/submit',
      'POST /projects/:id/change-orders',
      'POST /projects/:id/risks',
      'POST /projects/:id/risks/:riskId/resolve',
      'POST /projects/:id/status-updates',
      'POST /projects/:id/customer-link',
    ],
    except: {
      'POST /projects/:id/status-updates': { roles: [CS, OPS], why: 'Status updates go to the customer: customer success writes them too.' },
      'POST /projects/:id/customer-link': { roles: [CS, OPS], why: 'Sends the customer the link to their project portal, which customer success does as well.' },
      'POST /projects/:id/risks': { roles: [CS, OPS], why: 'Customer success raises the risks it hears from the customer.' },
      'POST /projects/:id/risks/:riskId/resolve': { roles: [CS, OPS], why: 'Whoever may raise a risk may close it.' },
    },
  },
  {
    title: 'Invoices and payments',
    read: EVERYONE,
    write: [OPS],
    why: 'Operations bills the work it delivered: it issues invoices and records payments taken on site (cash, e-transfer, bank transfer). A recorded payment stays pending and settles nothing until an admin confirms it, so the person who took the money never confirms it. Customer success and management read.',
    routes: [
      'GET /invoices',
      'GET /invoices/customers/:customerId/billing-status',
      'GET /invoices/:id',
      'GET /invoices/:id/pdf',
      'POST /invoices/:id/issue',
      'POST /invoices/:id/payment-link',
      'POST /payments/checkout',
      'POST /payments/manual',
      'GET /payments/history/:customerId',
    ],
    except: {
      'POST /invoices/:id/payment-link': { roles: [CS, OPS], why: 'A link for the customer to pay the balance moves no money until they pay; customer success sends it when chasing a payment.' },
      'POST /payments/checkout': { roles: [CS, OPS], why: 'A checkout page for the balance moves no money until the customer pays; customer success opens it for a customer on the phone.' },
    },
  },
  {
    title: 'Money movements',
    read: ADMIN_ONLY,
    write: ADMIN_ONLY,
    why: 'Refunds, voids, credit notes and the confirmation or rejection of a recorded payment move money or cancel a debt: admin only.',
    routes: ['POST /invoices/:id/void', 'POST /invoices/:id/credit-notes', 'POST /payments/:id/confirm', 'POST /payments/:id/reject', 'POST /payments/:id/refunds'],
  },
  {
    title: 'After-care: tickets, feedback, referrals, loyalty',
    read: EVERYONE,
    write: [CS, OPS],
    why: 'Tickets are worked by customer success (first line) and operations (fixes and warranty work); referral codes are handed out by customer success and come in with new customers at intake. Management reads.',
    routes: [
      'GET /tickets',
      'POST /tickets',
      'GET /tickets/:id',
      'POST /tickets/:id/escalate',
      'POST /tickets/:id/status',
      'GET /feedback',
      'GET /loyalty/:customerId',
      'POST /loyalty/:customerId/redeem',
      'POST /referrals',
      'POST /referrals/codes/:customerId',
    ],
    except: {
      'POST /loyalty/:customerId/redeem': { roles: [CS], why: 'Redeeming points grants the customer a discount: customer success runs the loyalty programme.' },
    },
  },
];

const isRead = (route: string) => route.startsWith('GET ');

/** The roles (besides admin) a route of an area admits. */
export function grantOf(area: MatrixArea, route: string): readonly GrantedRole[] {
  return area.except?.[route]?.roles ?? (isRead(route) ? area.read : area.write);
}

/** `METHOD /path` → the roles it admits besides admin; refuses a table that lists a route twice or excepts one it does not list. */
export function indexRoleMatrix(areas: readonly MatrixArea[]): ReadonlyMap<string, readonly GrantedRole[]> {
  const index = new Map<string, readonly GrantedRole[]>();
  for (const area of areas) {
    const strays = Object.keys(area.except ?? {}).filter((r) => !area.routes.includes(r));
    if (strays.length) throw new Error(`Role matrix: ${area.title} excepts routes it does not list: ${strays.join(', ')}`);
    for (const route of area.routes) {
      if (index.has(route)) throw new Error(`Role matrix lists ${route} twice`);
      index.set(route, grantOf(area, route));
    }
  }
  return index;
}

const GRANTS = indexRoleMatrix(ROLE_MATRIX);

/** The route key the matrix uses; HEAD is the GET Fastify answers without a body. */
export const routeKey = (method: string, path: string) => `${method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()} ${path}`;

/** The roles (besides admin) a staff route admits, or undefined when the matrix does not list it. */
export const grantFor = (route: string): readonly GrantedRole[] | undefined => GRANTS.get(route);

/** Whether a role may call a staff route; an unlisted route admits nobody, admin included (fail closed). */
export function staffMayCall(role: StaffRole, route: string): boolean {
  const grant = grantFor(route);
  return !!grant && (role === 'admin' || grant.includes(role));
}

/** Every route the matrix lists. */
export const roleMatrixRoutes = (): string[] => [...GRANTS.keys()];
