module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'queue-transport',
  rootDir: __dirname,
};
