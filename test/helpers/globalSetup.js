// @ts-check
const { execFileSync } = require('node:child_process');
const path = require('node:path');

/** Tests drive the built server (dist/): build it once before any test runs, so a stale build never passes. */
module.exports = async function globalSetup() {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.resolve(__dirname, '../../tsconfig.json')], { stdio: 'inherit' });
};
