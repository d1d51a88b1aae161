module.exports = { ...require('../../jest.preset.js'), displayName: 'churn', rootDir: __dirname };
