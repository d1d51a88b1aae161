import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { ClickhouseService } from '@northstar/clickhouse';
import { PrivacyRegistry } from '../privacy.registry';
import { subjectIds, type PrivacySubject } from '../privacy-subject';
import * as sql from './clickhouse.sql';

interface StoredTable {
  name: string;
  columns: [string, string][];
}

/**
 * A customer's ClickHouse footprint, found in every table that stores rows (read from
 * system.tables at erase time, so a table added later is covered): `events`, what is
 * derived from it (`lifecycle_facts`, filled by a materialized view, keeps its rows
 * when events are deleted) and anything else with an id or text column. Rows are the
 * subject's by customer id, by any user id / anonymous id the identity graph links to
 * them (an anonymous visitor's page views before they identified, events sent with the
 * email as user id), or by an email or phone number inside their text.
 * The identity links are how all this is found, so their own concern erases them last.
 */
@Injectable()
export class ClickhousePrivacyConcern implements OnModuleInit {
  constructor(
    private readonly registry: PrivacyRegistry,
    private readonly ch: ClickhouseService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.registry.register({
      name: 'clickhouse.events',
      eraseOrder: 10,
      export: (s) => this.export('events', s),
      erase: (s) => this.erase(s, (t) => t.name !== sql.IDENTITY_TABLE),
    });
    this.registry.register({
      name: 'clickhouse.identity_links',
      eraseOrder: 110,
      identifiesSubject: true,
      export: (s) => this.export(sql.IDENTITY_TABLE, s),
      erase: (s) => this.erase(s, (t) => t.name === sql.IDENTITY_TABLE),
    });
  }

  private get target(): sql.ChTarget {
    return { cluster: this.config.CLICKHOUSE_CLUSTER };
  }

  private params(s: PrivacySubject) {
    return { customerIds: s.customerIds, accountIds: s.accountIds, ids: subjectIds(s), needles: [...s.emails, ...s.phones] };
  }

  private async tables(which: (t: StoredTable) => boolean, s: PrivacySubject): Promise<{ name: string; where: string }[]> {
    const searchText = s.emails.length + s.phones.length > 0;
    const tables = (await this.ch.query<StoredTable>(sql.storedTablesSql())).filter((t) => which({ ...t, name: t.name.replace(/_local$/, '') }));
    return tables.flatMap((t) => {
      const where = sql.subjectCondition(t.columns.map(([name, type]) => ({ name, type })), searchText);
      return where ? [{ name: t.name, where }] : [];
    });
  }

  private async export(table: string, s: PrivacySubject) {
    const [t] = await this.tables((x) => x.name === table, s);
    return t ? this.ch.query(sql.exportSql(t.name, t.where, this.target), this.params(s)) : [];
  }

  private async erase(s: PrivacySubject, which: (t: StoredTable) => boolean) {
    const params = this.params(s);
    const counts: string[] = [];
    let affected = 0;
    for (const t of await this.tables(which, s)) {
      const [{ n }] = await this.ch.query<{ n: number | string }>(sql.countSql(t.name, t.where, this.target), params);
      if (Number(n) === 0) continue;
      const writer = await this.ch.writer();
      await writer.command({ query: sql.deleteSql(t.name, t.where, this.target), query_params: params });
      affected += Number(n);
      counts.push(`${t.name}: ${n}`);
    }
    return { affected, ...(counts.length ? { note: counts.join(', ') } : {}) };
  }
}
