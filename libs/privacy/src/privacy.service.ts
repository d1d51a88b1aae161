import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { PrismaService, type Prisma } from '@northstar/prisma';
import { ApiError } from '@northstar/http';
import { actorLabel, type Actor } from '@northstar/access';
import { PrivacyRegistry, type EraseResult } from './privacy.registry';
import { tarGz } from './tar';

export interface ExportManifest {
  customerId: string;
  generatedAt: string;
  kinds: { name: string; file: string; records: number }[];
}

@Injectable()
export class PrivacyService {
  private readonly logger = new Logger('Privacy');

  constructor(
    private readonly registry: PrivacyRegistry,
    private readonly prisma: PrismaService,
  ) {}

  /** Everything every registered concern holds about the customer: one tar.gz of JSON-lines files plus manifest.json. */
  async exportArchive(customerId: string): Promise<{ archive: Buffer; manifest: ExportManifest }> {
    const manifest: ExportManifest = { customerId, generatedAt: new Date().toISOString(), kinds: [] };
    const files: { name: string; data: Buffer }[] = [];
    for (const concern of this.registry.list()) {
      const rows = await concern.export(customerId);
      const file = `${concern.name}.jsonl`;
      files.push({ name: file, data: Buffer.from(rows.map((r) => JSON.stringify(r, jsonReplacer)).join('\n') + (rows.length ? '\n' : '')) });
      manifest.kinds.push({ name: concern.name, file, records: rows.length });
    }
    files.unshift({ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) });
    return { archive: tarGz(files), manifest };
  }

  /**
   * Erases the customer from every concern, in eraseOrder, and keeps an `erasures`
   * row proving it (counts only). A failing concern leaves the row incomplete
   * (completedAt null) and the request fails, so it can be re-run: erasers are idempotent.
   */
  async erase(customerId: string, actor: Actor) {
    const by = actorLabel(actor);
    const erasure = await this.prisma.erasure.create({
      data: { customerId, requestedById: by.actorId ?? by.actorLabel, results: {} },
    });
    const results: Record<string, EraseResult | { error: string }> = {};
    let failed = false;
    for (const concern of this.registry.list()) {
      try {
        results[concern.name] = await concern.erase(customerId);
      } catch (e) {
        failed = true;
        this.logger.error({ err: (e as Error).message, concern: concern.name, erasureId: erasure.id }, 'erasure step failed');
        results[concern.name] = { error: 'failed' };
      }
    }
    const done = await this.prisma.erasure.update({
      where: { id: erasure.id },
      data: { results: results as Prisma.InputJsonValue, completedAt: failed ? null : new Date() },
    });
    if (failed) {
      throw new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, 'erasure_incomplete', 'Some data could not be erased; run the erasure again', undefined, {
        erasureId: erasure.id,
        results,
      });
    }
    return done;
  }

  listErasures(customerId?: string) {
    return this.prisma.erasure.findMany({ where: customerId ? { customerId } : {}, orderBy: { requestedAt: 'desc' }, take: 200 });
  }

  async isErased(customerId: string): Promise<boolean> {
    return (await this.prisma.erasure.count({ where: { customerId, completedAt: { not: null } } })) > 0;
  }
}

function jsonReplacer(_k: string, v: unknown) {
  return typeof v === 'bigint' ? v.toString() : v;
}
