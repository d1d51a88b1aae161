const nx = require('@nx/eslint-plugin');

// Layers, lowest first (docs/engineering.md, "Layers"): a project may import its own layer and
// the ones below it, never one above. type:testing is in no list, so no production code reaches it.
const LAYERS = ['type:infra', 'type:domain', 'type:intelligence', 'type:platform', 'type:app'];
const layerConstraints = LAYERS.map((sourceTag, i) => ({ sourceTag, onlyDependOnLibsWithTags: LAYERS.slice(0, i + 1) }));

// Code that runs only under Jest or a benchmark: specs, whole-flow tests, benches and the test
// support they share (libs/testing, which drives tools/prisma-migrate, and each lib's testing entry).
const TEST_CODE = [
  '**/test/**/*.ts',
  '**/*.spec.ts',
  '**/*.e2e-spec.ts',
  'tools/bench/**/*.ts',
  'libs/testing/**/*.ts',
  'libs/*/testing/**/*.ts',
];

module.exports = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', 'tmp/**', '.data/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            // Where code runs: the dashboard only reaches browser-safe libs; libs never reach an app's scope.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:dashboard', 'scope:browser'] },
            {
              sourceTag: 'scope:browser',
              onlyDependOnLibsWithTags: ['scope:browser'],
              bannedExternalImports: ['@nestjs/*', '@prisma/*', '@clickhouse/*', 'chdb', 'pg', 'bullmq', 'ioredis', 'fastify', '@fastify/*'],
            },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared', 'scope:api'] },
            { sourceTag: 'scope:workers', onlyDependOnLibsWithTags: ['scope:shared', 'scope:workers'] },
            ...layerConstraints,
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The boundaries above are about what ships. Whole-flow tests compose the platform and may
    // reach into the app they test; test support may drive tools outside any project.
    files: TEST_CODE,
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
