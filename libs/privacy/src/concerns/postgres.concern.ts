import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PrismaService } from '@northstar/prisma';
import { PrivacyRegistry } from '../privacy.registry';
import { ownRecordNeedles } from '../privacy-subject';
import { eraseRows, exportRows, type TableRule } from './table-rule';
import { POSTGRES_TABLES } from './tables';

/** One concern per Postgres table of POSTGRES_TABLES, named `<lib>.<table>`; each erases in its own transaction. */
@Injectable()
export class PostgresPrivacyConcerns implements OnModuleInit {
  constructor(
    private readonly registry: PrivacyRegistry,
    private readonly prisma: PrismaService,
  ) {}

  onModuleInit() {
    for (const rule of POSTGRES_TABLES) {
      this.registry.register({
        name: `${rule.lib}.${rule.table}`,
        tables: [rule.table],
        eraseOrder: rule.eraseOrder ?? 50,
        identifiesSubject: rule.identifiesSubject,
        export: (subject) => exportRows(this.prisma, rule, subject),
        erase: async (subject) => ({
          affected: await this.prisma.$transaction((tx) => eraseRows(tx, rule, subject, ownRecordNeedles(subject))),
          ...retained(rule),
        }),
      });
    }
  }
}

const retained = (rule: TableRule) => ('retain' in rule.erase ? { note: `retained: ${rule.erase.retain}` } : {});
