module.exports = { ...require('../../jest.preset.js'), displayName: 'business-hours', rootDir: __dirname };
