module.exports = { ...require('../../jest.preset.js'), displayName: 'numbering', rootDir: __dirname };
