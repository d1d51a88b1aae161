// Lints in memory and needs no Postgres, Redis or ClickHouse: no global service setup.
module.exports = { ...require('../../jest.preset.js'), displayName: 'lint-boundaries', rootDir: __dirname, globalSetup: undefined };
