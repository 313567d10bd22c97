import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ROOT, runCli, startServer, tempDir, type RunningServer } from '../helpers/server';
import { envelope, postSoap, verifyXml } from '../helpers/soap';
import { spawn } from 'node:child_process';

const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe('the command line explains itself', () => {
  it.each([[['--help']], [['-h']], [['help']]])('%j: the commands, on stdout, exit 0', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: pagopa-node-emulator \[options\] \[command\]/);
    for (const command of ['start', 'migrate', 'seed', 'mock-ec', 'import', 'gen-notices']) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(r.stdout).toContain('-V, --version');
    for (const name of [
      'NODO_PORT',
      'NODO_MOCK_EC_PORT',
      'NODO_HOST',
      'NODO_DB_URL',
      'NODO_REGISTRY',
      'NODO_LOG_LEVEL',
      'NODO_MAX_BODY_BYTES',
      'NODO_DEMO_DATA=false',
      'NODO_JOBS=false',
      'NODO_JOURNAL_RETENTION',
      'NODO_ALLOWED_HOSTS',
      'NODO_ADMIN_TOKEN',
      'NODO_PUBLIC_URL',
      'NODO_MOCK_EC_TIMEOUT_DELAY_MS',
    ])
      expect(r.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
  });

  it('start --help: every option with its default and its environment variable', async () => {
    const r = await runCli(['start', '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const options = optionEntries(r.stdout);
    for (const [flag, extra] of [
      ['--port <n>', '(default: 8080, env: NODO_PORT)'],
      ['--host <address>', '(default: 127.0.0.1, env: NODO_HOST)'],
      ['--db <url>', '(default: sqlite:./data/nodo.sqlite, env: NODO_DB_URL)'],
      ['--registry <files>', '(env: NODO_REGISTRY)'],
      ['--log-level <level>', '(default: info, env: NODO_LOG_LEVEL)'],
      ['--max-body-bytes <n>', '(default: 1048576, env: NODO_MAX_BODY_BYTES)'],
      ['--no-demo-data', '(env: NODO_DEMO_DATA=false)'],
      ['--no-jobs', '(env: NODO_JOBS=false)'],
      ['--journal-retention <value>', '(default: 7d, env: NODO_JOURNAL_RETENTION)'],
      ['--allowed-hosts <names>', '(env: NODO_ALLOWED_HOSTS)'],
      ['--admin-token <secret>', '(env: NODO_ADMIN_TOKEN)'],
      ['--public-url <url>', '(env: NODO_PUBLIC_URL)'],
      ['--mock-ec-timeout-delay <ms>', '(default: 5000, env: NODO_MOCK_EC_TIMEOUT_DELAY_MS)'],
    ] as const) {
      expect(options.get(flag)).toMatch(new RegExp(`\\S.* ${extra.replace(/[().]/g, '\\$&')}$`));
    }
  });

  it.each([
    ['mock-ec', ['(default: 8089, env: NODO_MOCK_EC_PORT)', 'NODO_MOCK_EC_TIMEOUT_DELAY_MS', 'NODO_ADMIN_TOKEN']],
    ['migrate', ['--db <url>', 'NODO_DB_URL']],
    ['seed', ['--registry <files>', '--no-demo-data']],
    ['import', ['<file>', '--atomic', '--status <status>', '(default: VALID)', '-q, --quiet', 'NODO_DB_URL']],
    ['gen-notices', ['--notices <n>', '(default: 1000000)', '--out <file>', '--segregation-code <nn>']],
  ])('%s -h lists its options, exit 0', async (command, expected) => {
    const r = await runCli([command, '-h']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: pagopa-node-emulator ${command} \\[options\\]`));
    const text = r.stdout.replace(/\s+/g, ' ');
    for (const e of expected) expect(text).toContain(e);
  });

  it.each([[['--version']], [['-V']]])('%j prints the package version, exit 0', async (args) => {
    const r = await runCli(args);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it.each([
    [['start', '--prot', '9000'], "pagopa-node-emulator: unknown option '--prot' (Did you mean --port?) — see pagopa-node-emulator start --help"],
    [['--prot', '9000'], "pagopa-node-emulator: unknown option '--prot' (Did you mean --port?) — see pagopa-node-emulator start --help"],
    [['mock-ec', '--jobs'], "pagopa-node-emulator: unknown option '--jobs' — see pagopa-node-emulator mock-ec --help"],
    [['import', 'x.jsonl', '--atomc'], "pagopa-node-emulator: unknown option '--atomc' (Did you mean --atomic?) — see pagopa-node-emulator import --help"],
    [['import'], "pagopa-node-emulator: missing required argument 'file' — see pagopa-node-emulator import --help"],
    [['strat'], "pagopa-node-emulator: unknown command 'strat' (Did you mean start?) — see pagopa-node-emulator --help"],
    [['help', 'strat'], "pagopa-node-emulator: unknown command 'strat' — see pagopa-node-emulator --help"],
    [['import', 'a.csv', 'b.csv'], "pagopa-node-emulator: too many arguments for 'import'. Expected 1 argument but got 2. — see pagopa-node-emulator import --help"],
    [['start', '--port'], "pagopa-node-emulator: option '--port <n>' argument missing — see pagopa-node-emulator start --help"],
    [['--port', 'eighty'], 'pagopa-node-emulator: --port must be an integer, got "eighty"'],
    [['--log-level', 'loud'], 'pagopa-node-emulator: --log-level must be one of error, warn, info, debug, got "loud"'],
    [['gen-notices', '--notices', '10'], 'pagopa-node-emulator: gen-notices needs --out <file> — see pagopa-node-emulator gen-notices --help'],
  ])('%j: one line on stderr, exit 2, nothing on stdout', async (args, line) => {
    const r = await runCli(args);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });
});

describe('gen-notices', () => {
  it('writes the same bytes as the bench script, which no longer crashes on --help', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    const r = await runCli(['gen-notices', '--notices', '25', '--debtors', '7', '--out', a]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/a\.jsonl: 25 notices in \d+ positions over 7 debtors/);
    const bench = await run(path.join(ROOT, 'dist/bench/genNotices.js'), ['--notices', '25', '--debtors', '7', '--out', b]);
    expect(bench.code).toBe(0);
    expect(fs.readFileSync(b, 'utf8')).toBe(fs.readFileSync(a, 'utf8'));
    expect(fs.readFileSync(a, 'utf8').trim().split('\n')).toHaveLength(21); // one position a line: 9 in 10 hold one notice, the tenth three
    const help = await run(path.join(ROOT, 'dist/bench/genNotices.js'), ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: pagopa-node-emulator gen-notices \[options\]/);
  });
});

describe('start-up failures say what to do, in one line', () => {
  it('a port in use: exit 1, the hint, and the database untouched', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const dir = tempDir();
      const db = path.join(dir, 'fresh', 'nodo.sqlite');
      const r = await runCli(['start', '--port', String(port), '--db', `sqlite:${db}`]);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr: `pagopa-node-emulator: port ${port} on 127.0.0.1 is already in use (another emulator?): choose another with --port N or NODO_PORT\n`,
      });
      // nothing migrated, nothing created: the port is bound before the database is opened
      expect(fs.existsSync(path.join(dir, 'fresh'))).toBe(false);
      const mock = await runCli(['mock-ec', '--port', String(port), '--db', `sqlite:${db}`]);
      expect(mock.code).toBe(1);
      expect(mock.stderr).toBe(`pagopa-node-emulator: port ${port} on 127.0.0.1 is already in use (another emulator?): choose another with --port N or NODO_MOCK_EC_PORT\n`);
      expect(fs.existsSync(path.join(dir, 'fresh'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it.each([['start'], ['migrate'], ['mock-ec']])('%s: an unreachable PostgreSQL is one line naming the URL without its password', async (command) => {
    const r = await runCli([command, ...(command === 'migrate' ? [] : ['--port', '0']), '--db', 'postgres://nobody:secret@127.0.0.1:1/nodo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pagopa-node-emulator: cannot open database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/nodo: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
  });
});

describe('the port is bound before the database is opened', () => {
  it('answers 503 "starting" while the database does not answer, then exits with one line', async () => {
    // a "PostgreSQL" that accepts connections and never answers: the emulator waits for it, port held
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    try {
      const run = runCli(['start', '--port', String(port), '--db', `postgres://u:secret@127.0.0.1:${(silent.address() as net.AddressInfo).port}/x`]);
      let health: Response | undefined;
      for (let i = 0; i < 40 && !health; i++) {
        health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        if (!health) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health?.status).toBe(503);
      expect(health?.headers.get('content-type')).toBe('application/problem+json');
      expect(await health?.json()).toMatchObject({ status: 503, title: 'Service Unavailable', detail: 'starting' });
      const r = await run;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^pagopa-node-emulator: cannot open database postgres:\/\/u:\*\*\*@127\.0\.0\.1:\d+\/x: no answer within 5 s \(connect timeout\)\n$/);
    } finally {
      silent.close();
    }
  });
});

describe('--log-level debug: one line per exchange', () => {
  const verify = (s: RunningServer, notice: string) => postSoap(s.soapUrl, envelope(verifyXml(notice)), 'verifyPaymentNotice');
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('a verify is one line with its operation, PSP, notice and outcome; a call to a remote station one more', async () => {
    const s = await startServer({ db: 'sqlite::memory:', args: ['--log-level', 'debug'] });
    servers.push(s);
    const synthetic = '302119876543210001';
    expect((await verify(s, synthetic)).payload.outcome).toBe('OK');
    await settle();
    const lines = s
      .stderr()
      .split('\n')
      .filter((l) => l.includes(synthetic));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `DEBUG in {2}POST /node-for-psp/v1 200 \\d+ms verifyPaymentNotice idPSP=60000000001 idChannel=60000000001_01 fiscalCode=66666666666 noticeNumber=${synthetic} OK$`,
      ),
    );
    // segregation code 03: the remote station on the built-in mock EC, which does not know this notice
    const remote = '303119876543210001';
    expect((await verify(s, remote)).payload.fault?.faultCode).toBe('PPT_ERRORE_EMESSO_DA_PAA');
    await settle();
    const out = s
      .stderr()
      .split('\n')
      .filter((l) => l.includes(' out '));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      new RegExp(
        `DEBUG out paVerifyPaymentNotice station=66666666666_03 http://127\\.0\\.0\\.1:\\d+/mock-ec/v1 200 \\d+ms fiscalCode=66666666666 noticeNumber=${remote} KO PAA_PAGAMENTO_SCONOSCIUTO$`,
      ),
    );
    expect(s.stderr()).toMatch(new RegExp(`in {2}POST /node-for-psp/v1 200 \\d+ms verifyPaymentNotice .*noticeNumber=${remote} KO PPT_ERRORE_EMESSO_DA_PAA\\n`));
    // REST and pages too
    await fetch(`${s.baseUrl}/health`);
    await settle();
    expect(s.stderr()).toMatch(/DEBUG in {2}GET \/health 200 \d+ms\n/);
  });

  it('at info, nothing per exchange', async () => {
    const s = await startServer({ db: 'sqlite::memory:', args: ['--log-level', 'info'] });
    servers.push(s);
    expect((await verify(s, '302119876543210002')).payload.outcome).toBe('OK');
    expect((await verify(s, '303119876543210002')).payload.outcome).toBe('KO');
    await fetch(`${s.baseUrl}/health`);
    await settle();
    expect(s.stderr()).not.toContain('DEBUG');
    expect(s.stderr()).not.toContain('302119876543210002');
  });
});

/** A port nothing listens on (closed again at once: a small race, as with any fixed port). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** `--help`'s options: flags → description, continuation lines joined. */
function optionEntries(help: string): Map<string, string> {
  const entries = new Map<string, string>();
  let last: string | undefined;
  for (const line of help.slice(help.indexOf('Options:')).split('\n').slice(1)) {
    const m = /^ {2}(-\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (m) {
      last = m[1]!.trim();
      entries.set(last, m[2] ?? '');
    } else if (last && line.trim()) entries.set(last, `${entries.get(last)} ${line.trim()}`.trim());
  }
  return entries;
}

/** A node script to completion (the bench's genNotices.js). */
function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
