// @ts-check
/** Black-box tests: the server under test runs as a child process (dist/), the tests talk HTTP to it. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/helpers/globalSetup.js',
};
