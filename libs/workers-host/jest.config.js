module.exports = { ...require('../../jest.preset.js'), displayName: 'workers-host', rootDir: __dirname };
