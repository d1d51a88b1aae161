import fs from 'node:fs/promises';
import path from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PrismaService } from '@northstar/prisma';
import { PrivacyRegistry } from '../privacy.registry';
import type { PrivacySubject } from '../privacy-subject';
import type { TarEntry } from '../tar';

interface StoredFileRow {
  kind: 'document' | 'quote_request_attachment';
  id: string;
  ownerId: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  storagePath: string;
  createdAt: Date;
}

/** The archive path of a stored file: its id and a tame version of the name it was uploaded under (tar names stop at 100 bytes). */
export const archivePath = (f: { id: string; filename: string }) => `files/${f.id}-${f.filename.replace(/[^\w.-]+/g, '_').slice(-60)}`;

/**
 * Uploaded documents and intake attachments: the rows (libs/customers, libs/intake)
 * and the files on disk (libs/customers file-store). Files are content-addressed and
 * shared by identical uploads, so a file goes only when no row of anyone else still
 * names it. The export carries the files themselves.
 */
@Injectable()
export class FilesPrivacyConcern implements OnModuleInit {
  constructor(
    private readonly registry: PrivacyRegistry,
    private readonly prisma: PrismaService,
  ) {}

  onModuleInit() {
    this.registry.register({
      name: 'customers.files',
      tables: ['customer_documents', 'quote_request_attachments'],
      eraseOrder: 90,
      export: async (s) => (await this.files(s)).map(({ storagePath: _internal, ...f }) => ({ ...f, file: archivePath(f) })),
      exportFiles: (s) => this.contents(s),
      erase: (s) => this.erase(s),
    });
  }

  private files(s: PrivacySubject, db: Pick<PrismaService, '$queryRaw'> = this.prisma): Promise<StoredFileRow[]> {
    return db.$queryRaw<StoredFileRow[]>`
      SELECT 'document' AS kind, id, "customerId" AS "ownerId", filename, "mimeType", "sizeBytes", sha256, "storagePath", "createdAt"
        FROM customer_documents WHERE "customerId" = ANY(${s.customerIds})
      UNION ALL
      SELECT 'quote_request_attachment', a.id, a."quoteRequestId", a.filename, a."mimeType", a."sizeBytes", a.sha256, a."storagePath", a."createdAt"
        FROM quote_request_attachments a JOIN quote_requests q ON q.id = a."quoteRequestId"
       WHERE q."customerId" = ANY(${s.customerIds})
       ORDER BY "createdAt"`;
  }

  private async contents(s: PrivacySubject): Promise<TarEntry[]> {
    const out: TarEntry[] = [];
    for (const f of await this.files(s)) {
      const data = await fs.readFile(f.storagePath).catch(() => null);
      if (data) out.push({ name: archivePath(f), data });
    }
    return out;
  }

  private async erase(s: PrivacySubject) {
    const removed = await this.prisma.$transaction(async (tx) => {
      const rows = await this.files(s, tx);
      const ids = rows.map((r) => r.id);
      await tx.customerDocument.deleteMany({ where: { id: { in: ids } } });
      await tx.quoteRequestAttachment.deleteMany({ where: { id: { in: ids } } });
      return rows;
    });
    let files = 0;
    for (const f of uniqueBy(removed, (r) => r.storagePath)) if (await this.unlinkIfUnused(f)) files++;
    return { affected: removed.length + files, note: `${files} file(s) removed from storage` };
  }

  /** Removes the file unless another row names it. Only a content-addressed file (named by its SHA-256) is ever removed. */
  private async unlinkIfUnused(f: StoredFileRow): Promise<boolean> {
    if (path.basename(f.storagePath) !== f.sha256) return false;
    const [{ n }] = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT ((SELECT count(*) FROM customer_documents WHERE "storagePath" = ${f.storagePath})
            + (SELECT count(*) FROM quote_request_attachments WHERE "storagePath" = ${f.storagePath}))::int AS n`;
    if (n > 0) return false;
    await fs.rm(f.storagePath, { force: true });
    return true;
  }
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}
