module.exports = { ...require('../../jest.preset.js'), displayName: 'interventions', rootDir: __dirname };
