import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { ClickhouseService } from '@northstar/clickhouse';
import { PrivacyRegistry } from '../privacy.registry';
import * as sql from './clickhouse.sql';

const MAX_HOPS = 4;

/**
 * A customer's events in ClickHouse: those attributed to them (customer_id) and
 * those of every user id / anonymous id the identity graph links to them (an
 * anonymous visitor's page views before they identified). Erasing events runs
 * before erasing the links, since the links are how the events are found.
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
      export: async (id) => this.ch.query(sql.exportEventsSql(), { customerId: id, ids: await this.linkedIds(id) }),
      erase: async (id) => this.delete(sql.countEventsSql(), sql.deleteEventsSql(this.target()), id),
    });
    this.registry.register({
      name: 'clickhouse.identity_links',
      eraseOrder: 11,
      export: async (id) => this.ch.query(sql.exportLinksSql(), { customerId: id, ids: await this.linkedIds(id) }),
      erase: async (id) => this.delete(sql.countLinksSql(), sql.deleteLinksSql(this.target()), id),
    });
  }

  private target() {
    return { cluster: this.config.CLICKHOUSE_CLUSTER };
  }

  /** Transitive closure (bounded) over identity links: anonymous → user → customer. */
  async linkedIds(customerId: string): Promise<string[]> {
    const seen = new Set<string>();
    let frontier = [customerId];
    for (let hop = 0; hop < MAX_HOPS && frontier.length; hop++) {
      const rows = await this.ch.query<{ from_id: string }>(sql.linkedIdsSql(), { to: frontier });
      frontier = rows.map((r) => r.from_id).filter((x) => x !== customerId && !seen.has(x));
      frontier.forEach((x) => seen.add(x));
    }
    return [...seen];
  }

  private async delete(countSql: string, deleteSql: string, customerId: string) {
    const params = { customerId, ids: await this.linkedIds(customerId) };
    const [{ n }] = await this.ch.query<{ n: number | string }>(countSql, params);
    if (Number(n) > 0) {
      const writer = await this.ch.writer();
      await writer.command({ query: deleteSql, query_params: params });
    }
    return { affected: Number(n) };
  }
}
