module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'notifier',
  rootDir: __dirname,
};
