module.exports = { ...require('../../jest.preset.js'), displayName: 'job-reconciler', rootDir: __dirname };
