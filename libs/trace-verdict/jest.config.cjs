module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'trace-verdict',
  rootDir: __dirname,
};
