/**
 * Load generator for ingestion.bench.ts, forked as its own process so it does not
 * share the API's event loop or CPU accounting. Posts Segment batches over
 * loopback (keep-alive) and reports ack latencies and accept times over IPC.
 *
 * Modes (from the parent's message):
 *  - max:   `connections` loops post back to back for `seconds`;
 *  - paced: one batch every 1000 / (rate / batchSize) ms for `seconds`.
 */
import http from 'node:http';
import { batchBody } from './ingestion-load-batch';

interface Cmd {
  url: string;
  writeKey: string;
  mode: 'max' | 'paced';
  seconds: number;
  batchSize: number;
  connections: number;
  rate?: number;
  tag: string;
}

async function main(cmd: Cmd) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: cmd.connections });
  const u = new URL(cmd.url + '/v1/batch');
  const auth = 'Basic ' + Buffer.from(`${cmd.writeKey}:`).toString('base64');
  const latencies: number[] = [];
  const accepts: [number, number][] = []; // [batchNo, ackedAt]
  let errors = 0;
  const statuses: Record<string, number> = {};
  let next = 0;
  const post = (batchNo: number) =>
    new Promise<void>((resolve) => {
      const body = batchBody(cmd.tag, batchNo, cmd.batchSize);
      const t0 = performance.now();
      const req = http.request(
        { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: auth, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) {
              latencies.push(performance.now() - t0);
              accepts.push([batchNo, Date.now()]);
            } else {
              errors++;
              statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
            }
            resolve();
          });
        },
      );
      req.on('error', (e) => {
        errors++;
        statuses[e.message] = (statuses[e.message] ?? 0) + 1;
        resolve();
      });
      req.end(body);
    });
  const started = Date.now();
  const end = started + cmd.seconds * 1000;
  if (cmd.mode === 'max') {
    await Promise.all(
      Array.from({ length: cmd.connections }, async () => {
        while (Date.now() < end) await post(next++);
      }),
    );
  } else {
    const every = 1000 / (cmd.rate! / cmd.batchSize);
    const inflight: Promise<void>[] = [];
    for (let i = 0; Date.now() < end; i++) {
      const due = started + i * every;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(post(next++));
    }
    await Promise.all(inflight);
  }
  process.send!({ latencies, accepts, errors, statuses, batches: next, started, finished: Date.now(), rss: process.memoryUsage().rss });
  agent.destroy();
}

process.once('message', (cmd: Cmd) => {
  main(cmd).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
});
