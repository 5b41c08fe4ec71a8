module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'payment-processor',
  rootDir: __dirname,
};
