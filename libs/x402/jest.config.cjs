module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'x402',
  rootDir: __dirname,
};
