// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * ESLint's and typescript-eslint's recommended rules (not the type-checked set: it would double the run
 * time, and `tsc` already type-checks), tuned only where this codebase does something on purpose.
 */
export default tseslint.config(
  { ignores: ['dist/', 'data/', 'bench/results/', 'docs/', 'coverage/', 'node_modules/', 'test/samples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter or destructured field left out on purpose (the idempotency hash, describe.each ids)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // the version is read from package.json at run time, two levels above dist/src (outside tsc's rootDir)
      '@typescript-eslint/no-require-imports': ['error', { allow: ['/package\\.json$'] }],
      // `a && b()`, `c ? d() : e()` and `(f(), g())` as statements are the house style for two-way side effects
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // CommonJS: migrations (knex loads them with require), jest configs and helpers
    files: ['**/*.js'],
    ignores: ['web/**'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // the pages' scripts run in the browser
    files: ['web/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['test/**'],
    rules: {
      // tests read JSON bodies of any shape, and assert on what they find
      '@typescript-eslint/no-explicit-any': 'off',
      // tests send control characters on purpose (journaling of hostile input)
      'no-control-regex': 'off',
    },
  },
);
