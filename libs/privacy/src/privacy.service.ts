import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { PrismaService, type Prisma } from '@northstar/prisma';
import { ApiError } from '@northstar/http';
import { actorLabel, type Actor } from '@northstar/access';
import { PrivacyRegistry, type EraseResult, type PrivacyConcern } from './privacy.registry';
import { PrivacySubjectResolver, type PrivacySubject } from './privacy-subject';
import { tarGz, type TarEntry } from './tar';

export interface ExportManifest {
  customerId: string;
  generatedAt: string;
  kinds: { name: string; file: string; records: number }[];
  files: string[];
}

type Outcome = EraseResult | { error: string } | { skipped: string };

@Injectable()
export class PrivacyService {
  private readonly logger = new Logger('Privacy');

  constructor(
    private readonly registry: PrivacyRegistry,
    private readonly prisma: PrismaService,
    private readonly subjects: PrivacySubjectResolver,
  ) {}

  /**
   * Everything every registered concern holds about the customer: one tar.gz with
   * manifest.json, a JSON-lines file per record kind and the uploaded files under files/.
   */
  async exportArchive(customerId: string): Promise<{ archive: Buffer; manifest: ExportManifest }> {
    const subject = await this.subjects.resolve(customerId);
    const manifest: ExportManifest = { customerId, generatedAt: new Date().toISOString(), kinds: [], files: [] };
    const entries: TarEntry[] = [];
    for (const concern of this.registry.list()) {
      if (concern.export) {
        const rows = await concern.export(subject);
        const file = `${concern.name}.jsonl`;
        entries.push({ name: file, data: Buffer.from(rows.map((r) => JSON.stringify(r, jsonReplacer) + '\n').join('')) });
        manifest.kinds.push({ name: concern.name, file, records: rows.length });
      }
      for (const f of (await concern.exportFiles?.(subject)) ?? []) {
        entries.push(f);
        manifest.files.push(f.name);
      }
    }
    entries.unshift({ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) });
    return { archive: tarGz(entries), manifest };
  }

  /**
   * Erases the customer from every concern, in eraseOrder, and keeps an `erasures`
   * row proving it (counts only). The subject (ids, names, emails, phones) is resolved
   * first; the concerns it is resolved from run only once all others succeeded. A
   * failing concern leaves the row incomplete (completedAt null) and the request
   * fails, so it can be re-run: erasers are idempotent.
   */
  async erase(customerId: string, actor: Actor) {
    const by = actorLabel(actor);
    const erasure = await this.prisma.erasure.create({
      data: { customerId, requestedById: by.actorId ?? by.actorLabel, results: {} },
    });
    const subject = await this.subjects.resolve(customerId);
    const results: Record<string, Outcome> = {};
    let failed = false;
    for (const concern of this.registry.list()) {
      if (failed && concern.identifiesSubject) {
        results[concern.name] = { skipped: 'kept until the other concerns succeed, so a re-run can still find the rest' };
        continue;
      }
      results[concern.name] = await this.eraseOne(concern, subject, erasure.id);
      failed ||= 'error' in results[concern.name];
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

  private async eraseOne(concern: PrivacyConcern, subject: PrivacySubject, erasureId: string): Promise<Outcome> {
    try {
      return await concern.erase(subject);
    } catch (e) {
      this.logger.error({ err: (e as Error).message, concern: concern.name, erasureId }, 'erasure step failed');
      return { error: 'failed' };
    }
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
