module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'scenario-runner',
  rootDir: __dirname,
};
