module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'system-e2e',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  testTimeout: 120000,
};
