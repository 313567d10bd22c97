// @ts-check
/** Black-box tests: the server under test runs as a child process (dist/), the tests talk HTTP to it. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // the unit tier runs first, on its own config (jest.unit.config.js)
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/helpers/globalSetup.js',
  // every REST answer a test fetches from the emulator is checked against openapi/*.yaml (our own documents)
  setupFilesAfterEnv: ['<rootDir>/test/helpers/openapiAudit.ts'],
  // prints once, at the end, the cross-checks skipped for lack of Java, chromium, PostgreSQL or the official
  // files; under CI=true a skip fails the run
  reporters: ['default', '<rootDir>/test/helpers/skipReporter.js'],
};
