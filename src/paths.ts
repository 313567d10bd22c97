import fs from 'node:fs';
import path from 'node:path';

/**
 * The package root (where package.json is): two levels above dist/src/… when built, one above src/… when a
 * unit test runs the sources, so files shipped beside the code (xsd/, registry/) are found from both.
 */
export const PACKAGE_ROOT = ((): string => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '../..');
  }
})();

/** The version users see in `--version` and /health: the package's own, wherever it was installed. */
export const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The registry every database starts from, and the base that `--registry` files are applied over. */
export const DEMO_REGISTRY = path.join(PACKAGE_ROOT, 'registry/demo.yaml');
