module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'console-e2e',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 180000,
};
