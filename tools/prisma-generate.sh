#!/usr/bin/env bash
# Generates the Prisma client into libs/prisma/src/generated (git-ignored) from prisma/schema.
#
# Offline workaround: every Prisma CLI command, `generate` included, first makes sure the
# native schema-engine binary is present and otherwise downloads it from Prisma's own host,
# which our machines cannot reach. `generate` never runs that binary (the client is
# TypeScript plus a WASM query compiler shipped on npm), so pointing
# PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download.
# Migrations go through tools/prisma-migrate instead (see its index.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(command -v node)}"
# Nothing may phone home: the update check and telemetry (checkpoint).
export PRISMA_HIDE_UPDATE_MESSAGE=1
export CHECKPOINT_DISABLE=1

# --no-hints: the "tip of the day" links are noise in scripts. Extra arguments pass through.
node_modules/.bin/prisma generate --no-hints "$@"
