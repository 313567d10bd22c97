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
