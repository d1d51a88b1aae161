const nx = require('@nx/eslint-plugin');

module.exports = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', 'tmp/**', '.data/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // Architecture in the folders: libs never import apps; the dashboard never imports server code.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // The offline Prisma migration tool is a script folder, not a project; the test harness drives it.
          allow: ['../../../tools/prisma-migrate'],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:dashboard'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared', 'scope:api'] },
            { sourceTag: 'scope:workers', onlyDependOnLibsWithTags: ['scope:shared', 'scope:workers'] },
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
    // Whole-flow tests compose the platform (libs/platform) and may reach into the app
    // they test; the boundaries above are about what ships, so they do not apply here.
    files: ['**/test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts', 'tools/bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
