module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'compose-e2e',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  // Builds images and starts whole systems: minutes, not seconds. Each test sets its own limit.
  testTimeout: 300000,
};
