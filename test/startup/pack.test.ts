import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { demoNotice } from '../helpers/demo';
import { ROOT, tempDir } from '../helpers/server';
import { NodeForPsp } from '../helpers/soap';

/**
 * What a newcomer does without cloning: `npm pack`, `npm install -g <tarball>`, run the command from any
 * directory. The install fetches the dependencies from the registry (or npm's cache) and compiles
 * better-sqlite3 from source, which takes minutes on this machine: hence the timeout.
 */
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** npm's own variables (set when jest runs under `npm test`) would point the nested npm at this project. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  // swagger-ui-dist's analytics postinstall (scarf) stays off outside this project too
  return { ...env, SCARF_ANALYTICS: 'false', npm_config_update_notifier: 'false' };
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const proc = spawn(cmd, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let server: ReturnType<typeof spawn> | undefined;
afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
});

describe('the packed package', () => {
  it(
    'holds only what runs, installs globally from the tarball, and serves a payment from a fresh directory',
    async () => {
      const dir = tempDir('nodo-pack-');
      // the build is fresh (globalSetup runs tsc), so the tarball is packed without running prepare again
      const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT, 120_000);
      expect(pack.code).toBe(0);
      const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      const files = info!.files.map((f) => f.path);
      expect(files).toEqual(
        expect.arrayContaining(['package.json', 'LICENSE', 'README.md', 'dist/src/main.js', 'registry/demo.yaml', 'xsd/nodeForPsp.xsd', 'wsdl/nodeForPsp.wsdl']),
      );
      expect(files.some((f) => f.startsWith('migrations/'))).toBe(true);
      expect(files.some((f) => f.startsWith('web/'))).toBe(true);
      // no tests, benches, sources or source maps
      expect(files.filter((f) => /^dist\/(test|bench)\//.test(f) || /^(src|test|bench)\//.test(f) || /\.ts$|\.map$/.test(f))).toEqual([]);

      // every package the shipped code loads is a dependency (a devDependency is not installed with it)
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      const loaded = new Set<string>();
      for (const f of files.filter((f) => f.endsWith('.js'))) {
        for (const m of fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/(?:require(?:\.resolve)?|import)\(['"]([^'"./][^'"]*)['"]\)/g)) {
          const name = m[1]!.startsWith('@') ? m[1]!.split('/').slice(0, 2).join('/') : m[1]!.split('/')[0]!;
          if (!name.startsWith('node:')) loaded.add(name);
        }
      }
      expect(loaded.size).toBeGreaterThan(5);
      expect([...loaded].filter((name) => !(name in pkg.dependencies))).toEqual([]);

      const prefix = path.join(dir, 'prefix');
      const started = Date.now();
      const install = await run(
        'npm',
        ['install', '-g', '--prefix', prefix, path.join(dir, info!.filename), '--prefer-offline', '--no-audit', '--no-fund', '--allow-scripts=better-sqlite3'],
        dir,
        INSTALL_TIMEOUT_MS,
      );
      if (install.code !== 0) throw new Error(`npm install -g failed (${install.code})\n${install.stdout}\n${install.stderr}`);
      process.stderr.write(`pack.test: npm install -g of the tarball took ${Math.round((Date.now() - started) / 1000)} s\n`);
      const bin = path.join(prefix, 'bin', 'pagopa-node-emulator');

      expect(await run(bin, ['--version'], dir, 30_000)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });

      // a fresh working directory: the default database lands in its ./data
      const cwd = path.join(dir, 'work');
      fs.mkdirSync(cwd);
      const proc = spawn(bin, ['start', '--port', '0', '--no-jobs', '--log-level', 'warn'], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      server = proc;
      let out = '';
      let err = '';
      proc.stdout!.on('data', (d) => (out += d));
      proc.stderr!.on('data', (d) => (err += d));
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the installed emulator did not start in 30 s\n${out}\n${err}`)), 30_000);
        proc.stdout!.on('data', () => {
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        void exited.then((code) => reject(new Error(`the installed emulator exited with ${code}\n${out}\n${err}`)));
      });
      expect(out).toContain('DB    sqlite:./data/nodo.sqlite');
      expect(fs.existsSync(path.join(cwd, 'data', 'nodo.sqlite'))).toBe(true);

      // a demo notice, paid as a PSP pays it: WSDL and XSDs served from the installed package
      const nodo = await NodeForPsp.connect(`${base}/node-for-psp/v1?wsdl`);
      const notice = demoNotice(1);
      const v = await nodo.verify(notice);
      expect(v.result.outcome).toBe('OK');
      // node-soap gives one repeated element as an object, several as an array
      const options = [(v.result.paymentList as { paymentOptionDescription: { amount: string } | { amount: string }[] }).paymentOptionDescription].flat();
      const amount = options[0]!.amount;
      const a = await nodo.activate(notice, { amount });
      expect(a.result.outcome).toBe('OK');
      const o = await nodo.outcome(a.result.paymentToken as string);
      expect(o.result.outcome).toBe('OK');

      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(err).toBe('');
    },
    INSTALL_TIMEOUT_MS + 120_000,
  );
});
