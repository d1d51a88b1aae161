import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

export function attachmentsDir(): string {
  return process.env.ATTACHMENTS_DIR ?? path.join(repoRoot, '.data', 'attachments');
}

/**
 * The declared type must match the bytes: a renamed executable or HTML page does not
 * pass as a PDF. Text must not contain NUL bytes.
 */
export function contentMatchesType(buf: Buffer, mime: string): boolean {
  const starts = (...bytes: number[]) => bytes.every((b, i) => buf[i] === b);
  switch (mime) {
    case 'application/pdf':
      return buf.subarray(0, 5).toString('latin1') === '%PDF-';
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      return starts(0x50, 0x4b, 0x03, 0x04);
    case 'text/plain':
      return !buf.includes(0);
    default:
      return false;
  }
}

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  storagePath: string;
}

/**
 * Content-addressed storage: the file is named by its SHA-256 (never by the client's
 * filename, which is only metadata), written 0600 — no execute bit, not served
 * statically — and identical uploads share one file.
 */
export function storeFile(buf: Buffer): StoredFile {
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const dir = attachmentsDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const storagePath = path.join(dir, sha256);
  if (!fs.existsSync(storagePath)) {
    const tmp = `${storagePath}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, buf, { mode: 0o600 });
    fs.renameSync(tmp, storagePath);
  }
  return { sha256, sizeBytes: buf.length, storagePath };
}
