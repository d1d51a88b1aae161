#!/usr/bin/env bash
# `npm test`: every check and every test, on real Postgres, Redis and embedded ClickHouse.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false
# Each in-flight embedded-ClickHouse call holds a libuv thread (environment.md).
export UV_THREADPOOL_SIZE=16
rm -rf tmp/chdb-test

echo "[test] Prisma schema vs migrations (drift)"
npm run --silent db:migrate:check
echo "[test] type check"
npx tsc -p tsconfig.json --noEmit
# The dashboard has its own compiler options (DOM, JSX, bundler resolution); it reads the API's contracts.
npx tsc -p apps/dashboard/tsconfig.json --noEmit
echo "[test] lint (module boundaries)"
npx nx show projects >/dev/null  # builds the project graph the boundaries rule reads
npx eslint apps libs tools --max-warnings=0
echo "[test] unit and integration tests"
log=$(mktemp)
status=0
npx nx run-many -t test --parallel=1 --outputStyle=stream "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole run, summed over every Jest project.
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/Tests:/ {
  for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i }
} END { printf "\n%d passed, %d failed\n", p, f }'
rm -f "$log"
exit "$status"
