/**
 * Which rows are "one customer's records", worked out from the schema itself so that a
 * table added later is covered without touching this file:
 *
 *   customers                         the row itself (id = the customer)
 *   tables with a customer column     customerId, or any column ending in CustomerId
 *                                     (referrals: both sides), foreign key or not
 *   their children, transitively      rows whose foreign key points at a row already
 *                                     taken (invoice_lines → invoices, refunds → payments)
 *
 * Rows a customer points at but does not own (their business account, the staff user
 * who wrote a note) are not copied: they must still exist in the live database.
 * Self-references are not followed: customers.mergedIntoId leads to other customers.
 */
export interface CatalogColumn {
  name: string;
  /** format_type() of the column, used to cast parameters on write. */
  type: string;
}

export interface CatalogTable {
  /** schema.table */
  name: string;
  columns: CatalogColumn[];
  primaryKey: string[];
}

export interface ForeignKey {
  child: string;
  childColumn: string;
  parent: string;
  parentColumn: string;
}

export interface Catalog {
  tables: CatalogTable[];
  foreignKeys: ForeignKey[];
}

/** How a table's rows are selected: by the customer id, and/or by parents already selected. */
export interface RowSource {
  table: string;
  customerColumns: string[];
  parents: { column: string; parent: string; parentColumn: string }[];
}

export interface CustomerRowsOptions {
  customersTable: string;
  /** Never copied: transport and ledgers whose live state is authoritative (see docs/operations.md). */
  excluded: string[];
}

export const CUSTOMER_ROWS: CustomerRowsOptions = {
  customersTable: 'public.customers',
  excluded: ['public.outbox_events', 'public.erasures', 'public.audit_log', 'public._prisma_migrations'],
};

const isCustomerColumn = (column: string) => column === 'customerId' || /CustomerId$/.test(column);

/** Row sources in dependency order: every parent before its children (the order rows are written in). */
export function planCustomerRows(catalog: Catalog, opts: CustomerRowsOptions = CUSTOMER_ROWS): RowSource[] {
  const excluded = new Set(opts.excluded);
  const sources = new Map<string, RowSource>();
  sources.set(opts.customersTable, { table: opts.customersTable, customerColumns: ['id'], parents: [] });
  for (const t of catalog.tables) {
    if (t.name === opts.customersTable || excluded.has(t.name)) continue;
    const customerColumns = t.columns.map((c) => c.name).filter(isCustomerColumn);
    if (customerColumns.length > 0) sources.set(t.name, { table: t.name, customerColumns, parents: [] });
  }
  const edges = catalog.foreignKeys.filter((fk) => fk.child !== fk.parent && !excluded.has(fk.child));
  for (let grew = true; grew; ) {
    grew = false;
    for (const fk of edges) {
      if (!sources.has(fk.parent)) continue;
      let child = sources.get(fk.child);
      if (!child) {
        child = { table: fk.child, customerColumns: [], parents: [] };
        sources.set(fk.child, child);
        grew = true;
      }
      if (!child.parents.some((p) => p.column === fk.childColumn && p.parent === fk.parent)) {
        child.parents.push({ column: fk.childColumn, parent: fk.parent, parentColumn: fk.parentColumn });
        grew = true;
      }
    }
  }
  return dependencyOrder([...sources.values()], edges);
}

/** Topological order over the foreign keys between the selected tables. */
function dependencyOrder(sources: RowSource[], edges: ForeignKey[]): RowSource[] {
  const byName = new Map(sources.map((s) => [s.table, s]));
  const ordered: RowSource[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: RowSource) => {
    if (state.get(s.table) === 'done') return;
    if (state.get(s.table) === 'visiting') throw new Error(`foreign keys form a cycle through ${s.table}`);
    state.set(s.table, 'visiting');
    for (const fk of edges) {
      const parent = fk.child === s.table ? byName.get(fk.parent) : undefined;
      if (parent) visit(parent);
    }
    state.set(s.table, 'done');
    ordered.push(s);
  };
  [...sources].sort((a, b) => a.table.localeCompare(b.table)).forEach(visit);
  return ordered;
}
