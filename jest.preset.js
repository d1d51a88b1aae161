// Shared Jest settings. @swc/jest compiles TypeScript with decorator metadata on,
// which NestJS dependency injection needs (without it injected services are undefined).
const path = require('node:path');
const swcrc = require('./.swcrc.json');

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  globalSetup: path.join(__dirname, 'libs/testing/src/global-setup.ts'),
  setupFiles: [path.join(__dirname, 'libs/testing/src/setup-env.ts')],
  testTimeout: 60000,
  maxWorkers: 1,
};
