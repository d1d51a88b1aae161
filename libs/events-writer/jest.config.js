module.exports = { ...require('../../jest.preset.js'), displayName: 'events-writer', rootDir: __dirname };
