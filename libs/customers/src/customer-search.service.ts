import { Injectable } from '@nestjs/common';
import { PrismaService } from '@northstar/prisma';
import type { SearchCustomersQuery } from './customer.schemas';
import { buildCustomerSearch, TRGM_SETTINGS_SQL } from './customer-search.sql';

export interface CustomerSearchRow {
  id: string;
  customerNumber: string;
  type: string;
  name: string;
  email: string;
  phone: string;
  city: string | null;
  region: string | null;
  country: string | null;
  lifecycleStage: string;
  lastServiceAt: Date | null;
  createdAt: Date;
  score: number;
}

@Injectable()
export class CustomerSearchService {
  constructor(private readonly prisma: PrismaService) {}

  async search(q: SearchCustomersQuery) {
    const { sql } = buildCustomerSearch(q);
    // SET LOCAL scopes the threshold to this transaction, so pooled connections are unaffected.
    const [, rows] = await this.prisma.$transaction([
      this.prisma.$executeRawUnsafe(TRGM_SETTINGS_SQL),
      this.prisma.$queryRaw<CustomerSearchRow[]>(sql),
    ]);
    const hasMore = rows.length > q.pageSize;
    return { items: rows.slice(0, q.pageSize), page: q.page, pageSize: q.pageSize, hasMore };
  }
}
