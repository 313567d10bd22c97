import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAIN, ROOT, startServer, tempDir, type RunningServer } from '../helpers/server';
import { headingAnchors, KNOWN_LANGUAGES, parseMarkdown, SHELL_LANGUAGES, type FencedBlock } from './markdownBlocks';
import { ShellSession, type BlockRun } from './shellSession';

/**
 * "Every command as printed works" (issue 15): every ```sh / ```bash block of README.md runs, in the
 * README's order, against an emulator this test starts (fresh SQLite file, demo registry and notices,
 * no periodic jobs), as a reader would paste them into one terminal:
 *
 * - one bash session in spirit: each block is its own `bash` (set -euo pipefail) in one working
 *   directory, starting with the variables and functions the earlier blocks left (shellSession.ts);
 * - what is printed is what runs, with two substitutions: the emulator's default address
 *   http://127.0.0.1:8080 becomes the one this test's emulator listens on (BASE is also set to it before
 *   the first block), and http://127.0.0.1:9000, the README's "your own EC", becomes a stand-in this
 *   test starts the way the README says (`pagopa-node-emulator mock-ec … --db sqlite:./data/my-ec.sqlite`);
 * - `pagopa-node-emulator` is on PATH, as after `npm install -g`: a shim to this build's dist/src/main.js;
 *   the emulator's database is ./data/nodo.sqlite of that directory, the CLI's default, so CLI commands
 *   without --db (seed, import) reach it;
 * - a block passes when bash exits 0, no curl got an HTTP answer ≥ 400 and no SOAP answer was KO, unless
 *   it is marked `<!-- readme-test: errors — … -->` (then it must get at least one); a block marked
 *   `<!-- readme-test: skip — <reason> -->` (installs, servers of its own, the test suite itself) is
 *   not run, and must give its reason. Output shown in comments (`# {"total":1,…}`) is illustrative.
 */

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const parsed = parseMarkdown(README);
const shellBlocks = parsed.blocks.filter((b) => SHELL_LANGUAGES.includes(b.language));
const DEFAULT_BASE = 'http://127.0.0.1:8080';
const YOUR_EC = 'http://127.0.0.1:9000';

/** A test title for a block: its line and its first comment or command. */
function title(b: FencedBlock): string {
  const first = b.code.split('\n').find((l) => l.trim() !== '') ?? '';
  const text = first.replace(/^#\s*/, '').trim();
  return `line ${b.line}: ${text.length > 90 ? `${text.slice(0, 89)}…` : text}`;
}

describe('README.md: the form of its examples', () => {
  it('readme-test markers are well-formed, each gives a reason and precedes a shell block; every code block has a known language', () => {
    const unknown = parsed.blocks.filter((b) => !KNOWN_LANGUAGES.includes(b.language)).map((b) => `line ${b.line}: unknown code block language "${b.language}"`);
    expect([...parsed.problems, ...unknown]).toEqual([]);
    expect(shellBlocks.length).toBeGreaterThan(20);
    const skipped = shellBlocks.filter((b) => b.marker?.kind === 'skip');
    // a README where most examples cannot be run would make this test meaningless
    expect(skipped.length).toBeLessThan(shellBlocks.length / 3);
  });

  it('every example uses $BASE: the default address appears only where BASE is defined, in the sentence on --port, in the --port row and in the start-up banner', () => {
    const lines = README.split('\n');
    const banner = parsed.blocks.find((b) => b.language === '' && b.code.startsWith('pagopa-node-emulator listening on'));
    expect(banner).toBeDefined();
    const bannerLines = new Set(Array.from({ length: banner!.code.split('\n').length }, (_, i) => banner!.line + 1 + i));
    const offending = lines
      .map((text, i) => ({ text, line: i + 1 }))
      .filter(({ text, line }) => /(127\.0\.0\.1|localhost):8080/.test(text) && !bannerLines.has(line))
      .filter(({ text }) => !/\bBASE=http:\/\/127\.0\.0\.1:8080\b/.test(text) && !text.startsWith('| `--port N`') && !text.includes('`--port`'))
      .map(({ text, line }) => `line ${line}: ${text}`);
    expect(offending).toEqual([]);
    const definitions = shellBlocks.filter((b) => /^BASE=/m.test(b.code));
    expect(definitions.map((b) => b.line)).toHaveLength(1);
  });

  it('relative links and images point to files of the repository, #anchors to its headings', () => {
    const anchors = headingAnchors(README);
    const broken: string[] = [];
    let inFence = false;
    README.split('\n').forEach((line, i) => {
      if (/^`{3,}/.test(line)) inFence = !inFence;
      if (inFence) return;
      for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue;
        if (target.startsWith('#')) {
          if (!anchors.has(target.slice(1))) broken.push(`line ${i + 1}: no heading for ${target}`);
        } else if (!fs.existsSync(path.join(ROOT, target.split('#')[0]!))) {
          broken.push(`line ${i + 1}: no file ${target}`);
        }
      }
    });
    expect(broken).toEqual([]);
  });
});

describe('README.md: every shell block, in order, against a started emulator', () => {
  let server: RunningServer;
  let ec: { proc: ChildProcess; base: string } | undefined;
  let session: ShellSession;

  beforeAll(async () => {
    const work = tempDir('nodo-readme-');
    fs.mkdirSync(path.join(work, 'data'));
    const bin = path.join(work, '.bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'pagopa-node-emulator'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`, { mode: 0o755 });
    if (README.includes(YOUR_EC)) ec = await startStandIn(work);
    server = await startServer({ db: `sqlite:${path.join(work, 'data', 'nodo.sqlite')}` });
    // a small, explicit environment: nothing of the test runner's (NODO_* variables, a ~/.curlrc) leaks into the blocks
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: work, TMPDIR: process.env.TMPDIR ?? '/tmp', LANG: 'C.UTF-8' };
    session = new ShellSession(work, env, { BASE: server.baseUrl });
  });

  afterAll(async () => {
    await server?.stop();
    if (ec && ec.proc.exitCode === null) {
      const exited = new Promise((resolve) => ec!.proc.once('exit', resolve));
      ec.proc.kill('SIGTERM');
      await exited;
    }
  });

  for (const block of shellBlocks) {
    // not a jest skip (under CI=true a skip is a failure): the first test checks each of these gives its
    // reason, and what they do is run elsewhere (installs: test/startup/pack.test.ts; starting: test/startup)
    if (block.marker?.kind === 'skip') continue;
    it(
      title(block),
      async () => {
        let code = block.code.replaceAll(DEFAULT_BASE, server.baseUrl);
        if (ec) code = code.replaceAll(YOUR_EC, ec.base);
        const run = await session.run(code);
        const failure = judge(block, run);
        if (failure) throw new Error(`README.md ${title(block)}\n${failure}\n${report(run)}`);
      },
      90_000,
    );
  }

  // the harness itself, on blocks of its own (a session of their own): what `curl -s` hides is still seen
  it('the harness sees what curl -s hides (a 404, a SOAP KO), carries variables and functions, and fails on a failing command', async () => {
    const own = new ShellSession(tempDir('nodo-readme-self-'), { PATH: process.env.PATH, LANG: 'C.UTF-8' }, { BASE: server.baseUrl });
    const plain: FencedBlock = { language: 'sh', code: '', line: 0 };
    const notFound = await own.run('X=1; greet() { echo "hi $1"; }; curl -s "$BASE/admin/nothing-here"; echo');
    expect(judge(plain, notFound)).toMatch(/^HTTP errors: 404 GET /);
    const ko = await own.run(
      `curl -s "$BASE/node-for-psp/v1" -H 'SOAPAction: verifyPaymentNotice' -H 'Content-Type: text/xml' -d '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:nod="http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd"><soapenv:Body><nod:verifyPaymentNoticeReq><idPSP>60000000001</idPSP><idBrokerPSP>60000000001</idBrokerPSP><idChannel>60000000001_01</idChannel><password>wrongpwd</password><qrCode><fiscalCode>66666666666</fiscalCode><noticeNumber>302110000000000001</noticeNumber></qrCode></nod:verifyPaymentNoticeReq></soapenv:Body></soapenv:Envelope>'`,
    );
    expect(judge(plain, ko)).toMatch(/SOAP answer was KO/);
    const errorsMarked: FencedBlock = { ...plain, marker: { kind: 'errors', reason: 'on purpose', line: 0 } };
    expect(judge(errorsMarked, ko)).toBeUndefined();
    expect(judge(errorsMarked, await own.run('curl -s "$BASE/health"'))).toMatch(/marked "errors"/);
    const carried = await own.run('echo "$X $(greet you)"');
    expect([carried.code, carried.stdout.trim()]).toEqual([0, '1 hi you']);
    expect(judge(plain, await own.run('false; echo unreachable'))).toBe('bash exited with 1');
  });
});

/** Why the block failed, or undefined. */
function judge(block: FencedBlock, run: BlockRun): string | undefined {
  if (run.code !== 0) return `bash exited with ${run.code}`;
  const errors = run.http.filter((c) => c.status >= 400 || c.status === 0);
  if (block.marker?.kind === 'errors') {
    if (!errors.length && !run.soapKo)
      return `marked "errors" (${block.marker.reason}) but every HTTP answer was < 400 and no SOAP answer KO: remove the marker or fix the example`;
    return undefined;
  }
  if (errors.length) return `HTTP errors: ${errors.map((c) => `${c.status} ${c.method} ${c.url}`).join('; ')}`;
  if (run.soapKo) return 'a SOAP answer was KO (mark the block `<!-- readme-test: errors — <why> -->` if that is its point)';
  return undefined;
}

function report(run: BlockRun): string {
  const tail = (s: string) => (s.length > 4000 ? `…${s.slice(-4000)}` : s);
  return [`--- stdout\n${tail(run.stdout)}`, `--- stderr\n${tail(run.stderr)}`, `--- HTTP\n${run.http.map((c) => `${c.status} ${c.method} ${c.url}`).join('\n')}`].join('\n');
}

/** The README's stand-in for "your own EC": the mock EC alone in its own process and database, on a free port. */
async function startStandIn(work: string): Promise<{ proc: ChildProcess; base: string }> {
  const proc = spawn(process.execPath, [MAIN, 'mock-ec', '--port', '0', '--db', 'sqlite:./data/my-ec.sqlite', '--log-level', 'warn'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock EC did not start in 20 s\n${out}\n${err}`)), 20_000);
    proc.stdout!.on('data', () => {
      const m = /mock EC listening on (http:\/\/[^/\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock EC exited with ${code}\n${out}\n${err}`));
    });
  });
  return { proc, base };
}
