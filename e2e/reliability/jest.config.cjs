module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'reliability-e2e',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  // Each file breaks a whole system on purpose and waits for it to heal: minutes, not seconds.
  testTimeout: 300000,
  // Each test file prints its figures as one JSON line; the teardown adds this run's up in one more.
  globalSetup: '<rootDir>/global-setup.cjs',
  globalTeardown: '<rootDir>/global-teardown.cjs',
};
