// @ts-check
/** Black-box tests: the server under test runs as a child process (dist/), the tests talk HTTP to it. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/unit is the in-process tier, run with its own config (libxml2-wasm needs --experimental-vm-modules there)
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/helpers/globalSetup.js',
};
