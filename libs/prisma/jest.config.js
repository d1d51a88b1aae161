module.exports = { ...require('../../jest.preset.js'), displayName: 'prisma', rootDir: __dirname };
