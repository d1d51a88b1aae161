module.exports = { ...require('../../jest.preset.js'), displayName: 'lifecycle-stage', rootDir: __dirname };
