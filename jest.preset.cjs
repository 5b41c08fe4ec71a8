// One jest setup for every project: ts-jest against each project's spec tsconfig,
// with Nx's resolver so `@hoptrace/*` imports resolve to library sources.
module.exports = {
  testEnvironment: 'node',
  resolver: '@nx/jest/plugins/resolver',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/?(*.)+(spec|test).ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      // 151002: ts-jest's notice that Node's module kinds ("nodenext", for packages that only publish
      // an `exports` map, such as @x402/*) are fully supported only per file; tsc typechecks whole.
      { tsconfig: '<rootDir>/tsconfig.spec.json', isolatedModules: false, diagnostics: { ignoreCodes: [151002] } },
    ],
  },
};
