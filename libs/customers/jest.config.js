module.exports = { ...require('../../jest.preset.js'), displayName: 'customers', rootDir: __dirname };
