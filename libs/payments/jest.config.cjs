module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'payments',
  rootDir: __dirname,
};
