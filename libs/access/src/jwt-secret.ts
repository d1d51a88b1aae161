import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '@northstar/config';

export const DEFAULT_SECRET_FILE = path.resolve(__dirname, '../../../.data/jwt-secret');

/**
 * The HS256 signing key. Production must set JWT_SECRET (a generated key would
 * differ per replica and sign everyone out at each deploy). Development and tests
 * generate one once and keep it under .data/ so a restart keeps sessions.
 */
export function resolveJwtSecret(config: Pick<AppConfig, 'JWT_SECRET' | 'NODE_ENV'>, file = DEFAULT_SECRET_FILE): Uint8Array {
  if (config.JWT_SECRET) return new TextEncoder().encode(config.JWT_SECRET);
  if (config.NODE_ENV === 'production') {
    throw new Error('JWT_SECRET is required in production (at least 32 characters, e.g. `openssl rand -base64 48`)');
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx' fails if another process created it first; then we read theirs.
    fs.writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters; delete it to regenerate`);
  return new TextEncoder().encode(secret);
}
