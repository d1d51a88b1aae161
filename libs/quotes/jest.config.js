module.exports = { ...require('../../jest.preset.js'), displayName: 'quotes', rootDir: __dirname };
