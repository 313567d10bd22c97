// @ts-check
/**
 * The unit tier (test/unit): pure logic in process, in seconds, beside the black-box suite (jest.config.js).
 * No build step: ts-jest compiles the sources under test on the fly, per file (isolatedModules: no type
 * check here, `npm run build` and the black-box tier's build do that), which is what keeps the tier fast.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/unit'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/unit/tsconfig.json' }] },
  testTimeout: 10_000,
};
