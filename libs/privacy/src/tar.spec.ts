import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tarGz, untarGz } from './tar';

it('writes a tar.gz that round-trips and that system tar can list and extract', () => {
  const big = Buffer.from('x'.repeat(1500));
  const archive = tarGz([
    { name: 'manifest.json', data: Buffer.from('{"a":1}') },
    { name: 'clickhouse.events.jsonl', data: big },
    { name: 'empty.jsonl', data: Buffer.alloc(0) },
  ]);
  expect(untarGz(archive).map((e) => [e.name, e.data.length])).toEqual([
    ['manifest.json', 7],
    ['clickhouse.events.jsonl', 1500],
    ['empty.jsonl', 0],
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-tar-'));
  fs.writeFileSync(path.join(dir, 'a.tar.gz'), archive);
  const r = spawnSync('tar', ['-xzf', 'a.tar.gz'], { cwd: dir, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'clickhouse.events.jsonl'))).toEqual(big);
  fs.rmSync(dir, { recursive: true, force: true });
});
