module.exports = { ...require('../../jest.preset.js'), displayName: 'demo-world', rootDir: __dirname };
