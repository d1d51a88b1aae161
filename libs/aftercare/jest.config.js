module.exports = { ...require('../../jest.preset.js'), displayName: 'aftercare', rootDir: __dirname };
