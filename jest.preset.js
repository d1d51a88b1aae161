// Shared Jest settings. @swc/jest compiles TypeScript with decorator metadata on,
// which NestJS dependency injection needs (without it injected services are undefined).
const path = require('node:path');
const swcrc = require('./.swcrc.json');

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  // A few runtime deps ship ESM only (Node 20.19+ can require() them; Jest cannot): compile them too.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  // jose 6 and content-disposition 2 (via @fastify/static) ship ESM only; Node 20 requires it natively but Jest's CJS runtime cannot, so swc compiles it.
  transformIgnorePatterns: ['/node_modules/(?!(jose|content-disposition)/)'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  globalSetup: path.join(__dirname, 'libs/testing/src/global-setup.ts'),
  setupFiles: [path.join(__dirname, 'libs/testing/src/setup-env.ts')],
  testTimeout: 60000,
  maxWorkers: 1,
  // A leaked handle must never hang CI; leaks are still reported by --detectOpenHandles runs.
  forceExit: true,
};
