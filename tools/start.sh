#!/usr/bin/env bash
# `npm start`: set up everything, start the platform all-in-one (API + workers +
# dashboard, embedded ClickHouse), load the demo world, and keep running.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export UV_THREADPOOL_SIZE=${UV_THREADPOOL_SIZE:-16}
export PORT=${PORT:-3000} HOST=${HOST:-127.0.0.1}

node -r @swc-node/register apps/api/src/main.ts &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server' INT TERM

for _ in $(seq 1 120); do
  node -e "fetch('http://$HOST:$PORT/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break
  kill -0 $server 2>/dev/null || { echo "[start] the server exited during start-up" >&2; exit 1; }
  sleep 1
done
if [ "${SKIP_DEMO:-}" != "1" ] && [ -f tools/demo/load-demo.ts ]; then
  echo "[start] loading the demo world (idempotent)"
  node -r @swc-node/register tools/demo/load-demo.ts --api "http://$HOST:$PORT" || echo "[start] demo load failed; the platform keeps running" >&2
fi
echo "[start] Northstar is up: dashboard http://$HOST:$PORT/app/  ·  API docs http://$HOST:$PORT/docs"
wait $server
