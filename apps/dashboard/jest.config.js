// The dashboard's own unit tests: pure logic and components, compiled by swc with TSX and
// React's automatic runtime. No database: the global setup of the server tests is not needed.
const base = require('../../jest.preset.js');

module.exports = {
  ...base,
  displayName: 'dashboard',
  rootDir: __dirname,
  globalSetup: undefined,
  setupFiles: [],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.spec.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { swcrc: false, jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: { '\\.css$': '<rootDir>/test/style-stub.js' },
};
