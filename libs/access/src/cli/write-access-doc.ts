/**
 * Regenerates the role matrix section of docs/access.md from libs/access/src/role-matrix.ts:
 *
 *   npm run docs:access
 *
 * role-matrix.spec.ts fails when the committed document differs from what this writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { withRoleMatrix } from '../role-matrix-doc';

export const ACCESS_DOC = path.resolve(__dirname, '../../../../docs/access.md');

if (require.main === module) {
  const before = fs.readFileSync(ACCESS_DOC, 'utf8');
  const after = withRoleMatrix(before);
  if (after !== before) fs.writeFileSync(ACCESS_DOC, after);
  process.stdout.write(`${path.relative(process.cwd(), ACCESS_DOC)}: role matrix ${after === before ? 'already up to date' : 'regenerated'}\n`);
}
