#!/usr/bin/env bash
# Idempotent set-up shared by `npm start` and `npm test`: dependencies, services,
# Prisma client, Postgres migrations, dashboard build. Fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing dependencies"
  # npm 11 here rejects `npm ci` for lock files whose optional platform packages it
  # pruned itself; `npm install` with the committed lock installs the locked versions.
  npm install --no-audit --no-fund
fi

bash tools/ensure-services.sh

if [ ! -f libs/prisma/src/generated/client.ts ] || [ -n "$(find prisma/schema -newer libs/prisma/src/generated/client.ts -print -quit)" ]; then
  echo "[setup] generating the Prisma client"
  bash tools/prisma-generate.sh
fi

echo "[setup] applying Postgres migrations"
npm run --silent db:migrate

if [ "${SKIP_DASHBOARD_BUILD:-}" != "1" ]; then
  stamp=dist/apps/dashboard/index.html
  if [ ! -f "$stamp" ] || [ -n "$(find apps/dashboard -newer "$stamp" -not -path '*/node_modules/*' -print -quit)" ]; then
    echo "[setup] building the dashboard"
    npx vite build --config apps/dashboard/vite.config.ts --logLevel warn
  fi
fi
