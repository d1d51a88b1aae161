#!/usr/bin/env bash
# Scaffolds the Nx/Jest/npm files of a lib: tools/new-lib.sh <name> <layer> [scope]   (scope defaults to shared)
# layer: infra | domain | intelligence | platform | testing (docs/engineering.md, "Layers")
set -euo pipefail
name=$1; layer=${2:-}; scope=${3:-shared}
case $layer in infra | domain | intelligence | platform | testing) ;; *) echo "unknown layer '$layer'" >&2; exit 2 ;; esac
dir="libs/$name"
mkdir -p "$dir/src"
[ -f "$dir/package.json" ] || cat > "$dir/package.json" <<JSON
{ "name": "@northstar/$name", "version": "0.0.0", "private": true, "main": "src/index.ts", "types": "src/index.ts" }
JSON
[ -f "$dir/project.json" ] || cat > "$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "projectType": "library",
  "sourceRoot": "$dir/src",
  "tags": ["scope:$scope", "type:$layer"],
  "targets": {
    "test": { "executor": "nx:run-commands", "options": { "command": "jest -c $dir/jest.config.js" } }
  }
}
JSON
[ -f "$dir/jest.config.js" ] || cat > "$dir/jest.config.js" <<JS
module.exports = { ...require('../../jest.preset.js'), displayName: '$name', rootDir: __dirname };
JS
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
# npm workspaces: link @northstar/$name into node_modules
[ -e "node_modules/@northstar/$name" ] || ln -s "../../$dir" "node_modules/@northstar/$name"
echo "lib $dir ready"
# Note: a lib whose behaviour is covered elsewhere (e.g. by apps/api whole-flow tests) and has no
# spec of its own should drop the "test" target: Jest fails on a project with no tests, on purpose.
