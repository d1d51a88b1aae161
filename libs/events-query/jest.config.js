module.exports = { ...require('../../jest.preset.js'), displayName: 'events-query', rootDir: __dirname };
