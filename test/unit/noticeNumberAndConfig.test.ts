import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config';
import { HelpShown } from '../../src/cli/commandLine';
import { buildNoticeNumber, parseNoticeNumber } from '../../src/nodo/noticeNumber';

/** Notice number anatomy (spec §8.9) and the start-up configuration (flag > env NODO_* > default). */
describe('parseNoticeNumber', () => {
  it.each([
    ['011123456789012345', { auxDigit: 0, applicationCode: '11', iuv: '123456789012345' }],
    ['302123456789012345', { auxDigit: 3, segregationCode: '02', iuv: '02123456789012345' }],
    ['447123456789012345', { auxDigit: 4, segregationCode: '47', iuv: '47123456789012345' }],
    ['112345678901234567', { auxDigit: 1, iuv: '12345678901234567' }],
    ['212345678901234567', { auxDigit: 2, iuv: '12345678901234567' }],
  ])('%s', (nav, data) => {
    expect(parseNoticeNumber(nav)).toEqual(data);
  });
});

describe('buildNoticeNumber', () => {
  it('appends the mod-93 check digits, zero-padded', () => {
    const nav = buildNoticeNumber(3, '02', '1234567890123');
    expect(nav).toHaveLength(18);
    expect(nav.slice(0, 16)).toBe('3021234567890123');
    expect(Number(nav.slice(16))).toBe(Number(BigInt('3021234567890123') % 93n));
    expect(buildNoticeNumber(0, '00', '0000000000000')).toBe('000000000000000000');
    expect(buildNoticeNumber(0, '00', '0000000000001')).toBe('000000000000000101');
  });

  it('round-trips through parseNoticeNumber', () => {
    expect(parseNoticeNumber(buildNoticeNumber(3, '47', '9999999999999'))).toMatchObject({ auxDigit: 3, segregationCode: '47' });
    expect(parseNoticeNumber(buildNoticeNumber(0, '12', '9999999999999'))).toMatchObject({ auxDigit: 0, applicationCode: '12' });
  });
});

describe('loadConfig', () => {
  it('--journal-retention: a duration, a row count or 0; flag > NODO_JOURNAL_RETENTION > 7d', () => {
    expect(loadConfig(['--journal-retention', '30m'], { NODO_JOURNAL_RETENTION: '1d' }).journalRetention).toEqual({ kind: 'age', ms: 1_800_000, text: '30m' });
    expect(loadConfig([], { NODO_JOURNAL_RETENTION: '12h' }).journalRetention).toEqual({ kind: 'age', ms: 12 * 3_600_000, text: '12h' });
    expect(loadConfig(['--journal-retention', '100000rows'], {}).journalRetention).toEqual({ kind: 'rows', rows: 100_000, text: '100000rows' });
    expect(loadConfig(['--journal-retention', '1 row'], {}).journalRetention).toEqual({ kind: 'rows', rows: 1, text: '1rows' });
    expect(loadConfig(['--journal-retention', '0'], {}).journalRetention).toEqual({ kind: 'forever' });
    expect(loadConfig(['--journal-retention', '0d'], {}).journalRetention).toEqual({ kind: 'forever' });
    for (const [raw, why] of [
      ['7', /must be a duration \(30m, 12h, 7d; units s, m, h, d\), a row count \(100000rows\) or 0 .*got "7"/],
      ['7days', /got "7days"/],
      ['-1d', /got "-1d"/],
      ['0rows', /row count must be between 1 and/],
      ['3651d', /at most 3650d/],
    ] as const) {
      expect(() => loadConfig(['--journal-retention', raw], {})).toThrow(ConfigError);
      expect(() => loadConfig(['--journal-retention', raw], {})).toThrow(why);
    }
    expect(() => loadConfig([], { NODO_JOURNAL_RETENTION: 'forever' })).toThrow(/^--journal-retention must be/);
  });

  it('safe defaults: loopback, a SQLite file, demo data and jobs on', () => {
    expect(loadConfig([], {})).toEqual({
      command: 'start',
      host: '127.0.0.1',
      port: 8080,
      dbUrl: 'sqlite:./data/nodo.sqlite',
      registryFiles: [],
      logLevel: 'info',
      maxBodyBytes: 1024 * 1024,
      demoData: true,
      jobs: true,
      journalRetention: { kind: 'age', ms: 7 * 86_400_000, text: '7d' },
      allowedHosts: [],
      adminToken: undefined,
      publicUrl: undefined,
      mockEcTimeoutDelayMs: 5000,
    });
    expect(Object.isFrozen(loadConfig([], {}))).toBe(true);
  });

  it('a flag beats the environment, which beats the default', () => {
    // a non-loopback host needs an admin token (config.ts): the environment gives one here
    const env = { NODO_PORT: '9000', NODO_HOST: '0.0.0.0', NODO_DB_URL: 'sqlite::memory:', NODO_LOG_LEVEL: 'debug', NODO_ADMIN_TOKEN: 't' };
    expect(loadConfig([], env)).toMatchObject({ port: 9000, host: '0.0.0.0', dbUrl: 'sqlite::memory:', logLevel: 'debug' });
    expect(loadConfig(['--port', '9100', '--host', '::1', '--db', 'postgres://u@h/db', '--log-level', 'warn'], env)).toMatchObject({
      port: 9100,
      host: '::1',
      dbUrl: 'postgres://u@h/db',
      logLevel: 'warn',
    });
  });

  it('a host other than loopback without an admin token is refused, with the flag to give', () => {
    expect(() => loadConfig(['--host', '0.0.0.0'], {})).toThrow(/--host 0\.0\.0\.0 .*--admin-token/);
    expect(loadConfig(['--host', '0.0.0.0', '--admin-token', 's3cret'], {})).toMatchObject({ host: '0.0.0.0', adminToken: 's3cret' });
  });

  it('mock-ec has its own default port', () => {
    expect(loadConfig(['mock-ec'], {})).toMatchObject({ command: 'mock-ec', port: 8089 });
    expect(loadConfig(['mock-ec'], { NODO_MOCK_EC_PORT: '7000', NODO_PORT: '9000' }).port).toBe(7000);
  });

  it('the mock EC’s family-98 delay (pagoPA mode): flag, NODO_MOCK_EC_TIMEOUT_DELAY_MS, 5000 ms by default', () => {
    expect(loadConfig(['mock-ec'], {}).mockEcTimeoutDelayMs).toBe(5000);
    expect(loadConfig(['--mock-ec-timeout-delay', '130'], { NODO_MOCK_EC_TIMEOUT_DELAY_MS: '900' }).mockEcTimeoutDelayMs).toBe(130);
    expect(loadConfig(['mock-ec'], { NODO_MOCK_EC_TIMEOUT_DELAY_MS: '0' }).mockEcTimeoutDelayMs).toBe(0);
  });

  it('switches: flags and NODO_DEMO_DATA / NODO_JOBS = false', () => {
    expect(loadConfig(['--no-demo-data', '--no-jobs'], {})).toMatchObject({ demoData: false, jobs: false });
    expect(loadConfig([], { NODO_DEMO_DATA: 'false', NODO_JOBS: 'false' })).toMatchObject({ demoData: false, jobs: false });
    expect(loadConfig([], { NODO_DEMO_DATA: 'no' })).toMatchObject({ demoData: true });
  });

  it.each([
    [['--port', '65536'], '--port must be between 0 and 65535, got 65536'],
    [['--port', '80a'], '--port must be an integer, got "80a"'],
    [['--port=-1'], '--port must be an integer, got "-1"'],
    [['--max-body-bytes', '1023'], '--max-body-bytes must be between 1024 and 1073741824, got 1023'],
    [['--mock-ec-timeout-delay', '600001'], '--mock-ec-timeout-delay must be between 0 and 600000, got 600001'],
    [['--mock-ec-timeout-delay', '5s'], '--mock-ec-timeout-delay must be an integer, got "5s"'],
    [['--log-level', 'trace'], '--log-level must be one of error, warn, info, debug, got "trace"'],
    [['--db', 'mysql://x'], '--db must be sqlite:<path>, sqlite::memory: or postgres://…, got "mysql://x"'],
    [['serve'], "unknown command 'serve' — see pagopa-node-emulator --help"],
    [['start', 'extra'], 'unexpected argument "extra"'],
    [['--nope'], "unknown option '--nope' — see pagopa-node-emulator start --help"],
    [['--prot', '9'], "unknown option '--prot' (Did you mean --port?) — see pagopa-node-emulator start --help"],
    [['migrate', '--port', '9'], "unknown option '--port' — see pagopa-node-emulator migrate --help"],
    [['--db', 'sqlite::memory:', 'migrate'], 'unexpected argument "migrate": the command comes first (pagopa-node-emulator migrate [options])'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => loadConfig(argv, {})).toThrow(ConfigError);
    expect(() => loadConfig(argv, {})).toThrow(message);
  });

  it('--help, -h and --version are HelpShown with the text for stdout, not errors', () => {
    expect(() => loadConfig(['--help'], {})).toThrow(HelpShown);
    expect(() => loadConfig(['--help'], {})).toThrow(/^Usage: pagopa-node-emulator \[options\] \[command\]/);
    expect(() => loadConfig(['start', '-h'], {})).toThrow(/^Usage: pagopa-node-emulator start \[options\][^]*--port <n> [^]*?\(default: 8080, env: NODO_PORT\)/);
    expect(() => loadConfig(['-V'], {})).toThrow(/^\d+\.\d+\.\d+\n$/);
  });

  it('the registry flag repeats, and commas separate files as NODO_REGISTRY does', () => {
    expect(loadConfig(['--registry', 'a.yaml,b.yaml', '--registry', 'c.yaml'], { NODO_REGISTRY: 'env.yaml' }).registryFiles).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(loadConfig([], { NODO_REGISTRY: 'x.yaml, y.yaml' }).registryFiles).toEqual(['x.yaml', 'y.yaml']);
  });
});
