module.exports = { ...require('../../jest.preset.js'), displayName: 'consistency', rootDir: __dirname };
