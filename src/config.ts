import { parseArgs } from 'node:util';

/** Everything the process needs to know at start-up, resolved once: flag > env NODO_* > default. */
export interface Config {
  readonly command: 'start' | 'migrate' | 'seed' | 'mock-ec';
  readonly host: string;
  readonly port: number;
  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://…` */
  readonly dbUrl: string;
  /**
   * Registry files (JSON or YAML) applied in order over the demo registry and loaded into the database at
   * start-up (registryOverlay.ts); none: the database's registry, or the demo one on an empty database.
   */
  readonly registryFiles: readonly string[];
  readonly logLevel: LogLevel;
  /** Requests above this size are refused before parsing (billion-laughs and memory guard). */
  readonly maxBodyBytes: number;
  /** Seed the demo notices into the archive when the database is empty. */
  readonly demoData: boolean;
  /** Run the periodic jobs (token sweep, idempotency clean). Tests switch them off to stay deterministic. */
  readonly jobs: boolean;
  /**
   * Host names (besides loopback ones and the bind address) that requests may name in their Host header:
   * the public name behind a proxy, the machine's DNS name. Anything else is a 403 (DNS rebinding guard).
   */
  readonly allowedHosts: readonly string[];
  /** `Authorization: Bearer <this>` on /admin and the mock EC's control API; required when --host is not loopback. */
  readonly adminToken?: string;
  /** The URL clients reach this server at (a proxy's), without a trailing slash: what links, Location and WSDL addresses use. */
  readonly publicUrl?: string;
  /**
   * How long the mock EC's pagoPA mode (`/mock-ec`) holds a family-98 notice before answering, as pagoPA's
   * mock EC does with TIMEOUT_DELAY (5000 ms in UAT): under the node's 7 s timeouts, so a slow OK.
   */
  readonly mockEcTimeoutDelayMs: number;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export class ConfigError extends Error {}

const USAGE = `usage: pagopa-node-emulator [start|migrate|seed|mock-ec] [--port N] [--host H] [--db URL] [--registry FILE[,FILE…]]… [--log-level error|warn|info|debug] [--max-body-bytes N] [--no-demo-data] [--no-jobs]\n       [--allowed-hosts H1,H2] [--admin-token SECRET] [--public-url URL] [--mock-ec-timeout-delay MS]\n       pagopa-node-emulator import <file.jsonl|.csv> [--db URL] [--atomic] [--status VALID|DRAFT] [--quiet] (see import --help)`;

export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        registry: { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'no-demo-data': { type: 'boolean' },
        'no-jobs': { type: 'boolean' },
        'allowed-hosts': { type: 'string' },
        'admin-token': { type: 'string' },
        'public-url': { type: 'string' },
        'mock-ec-timeout-delay': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new ConfigError(USAGE);
  const command = positionals[0] ?? 'start';
  if (command !== 'start' && command !== 'migrate' && command !== 'seed' && command !== 'mock-ec') {
    throw new ConfigError(`unknown command "${command}"\n${USAGE}`);
  }
  if (positionals.length > 1) throw new ConfigError(`unexpected argument "${positionals[1]}"\n${USAGE}`);

  // mock-ec (the standalone mock EC) runs beside an emulator: its own default port
  const port = integer('--port', values.port ?? (command === 'mock-ec' ? (env.NODO_MOCK_EC_PORT ?? '8089') : (env.NODO_PORT ?? '8080')), 0, 65535);
  const logLevel = (values['log-level'] ?? env.NODO_LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const dbUrl = values.db ?? env.NODO_DB_URL ?? 'sqlite:./data/nodo.sqlite';
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(dbUrl)) {
    throw new ConfigError(`--db must be sqlite:<path>, sqlite::memory: or postgres://…, got "${dbUrl}"`);
  }
  const host = values.host ?? env.NODO_HOST ?? '127.0.0.1';
  // empty means none (an unset variable in a compose file is often an empty one)
  const adminToken = (values['admin-token'] ?? env.NODO_ADMIN_TOKEN) || undefined;
  if (adminToken !== undefined && !/^[\x21-\x7e]+$/.test(adminToken))
    throw new ConfigError('--admin-token must be printable ASCII without spaces (it travels in an Authorization header)');
  // Another machine could otherwise replace the registry, read the journal or move the clock. Refusing
  // to start (rather than inventing a token) keeps the secret out of logs and makes the choice explicit.
  if (!isLoopbackHost(host) && adminToken === undefined && (command === 'start' || command === 'mock-ec')) {
    throw new ConfigError(
      `--host ${host} lets other machines reach /admin and the mock EC's control API: give --admin-token <secret> (or NODO_ADMIN_TOKEN), e.g. --admin-token $(openssl rand -hex 16)`,
    );
  }
  return Object.freeze({
    command,
    host,
    port,
    dbUrl,
    registryFiles: Object.freeze(fileList(values.registry ?? (env.NODO_REGISTRY ? [env.NODO_REGISTRY] : []))),
    logLevel,
    maxBodyBytes: integer('--max-body-bytes', values['max-body-bytes'] ?? env.NODO_MAX_BODY_BYTES ?? String(1024 * 1024), 1024, 1 << 30),
    demoData: !(values['no-demo-data'] ?? env.NODO_DEMO_DATA === 'false'),
    jobs: !(values['no-jobs'] ?? env.NODO_JOBS === 'false'),
    allowedHosts: Object.freeze(hostList(values['allowed-hosts'] ?? env.NODO_ALLOWED_HOSTS ?? '')),
    adminToken,
    publicUrl: publicUrl(values['public-url'] ?? env.NODO_PUBLIC_URL),
    mockEcTimeoutDelayMs: integer('--mock-ec-timeout-delay', values['mock-ec-timeout-delay'] ?? env.NODO_MOCK_EC_TIMEOUT_DELAY_MS ?? '5000', 0, 600_000),
  });
}

/** localhost, 127.0.0.0/8 and ::1: the addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::1' || h === '0:0:0:0:0:0:0:1';
}

// names as a Host header carries them, without the port: dns names, IPv4, IPv6 in brackets
const HOST_NAME = /^([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$|^\[[0-9a-f:.]+\]$/;

function hostList(raw: string): string[] {
  // lowercase and without the root's trailing dot, as the guard compares Host names
  const names = raw
    .split(',')
    .map((h) => h.trim().toLowerCase().replace(/\.$/, ''))
    .filter((h) => h !== '');
  for (const h of names) {
    if (!HOST_NAME.test(h))
      throw new ConfigError(`--allowed-hosts: "${h}" is not a host name (give names without scheme or port, IPv6 in brackets: nodo.example.org,10.0.0.5,[fd00::5])`);
  }
  return names;
}

function publicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`--public-url must be an absolute http(s) URL, got "${raw}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`--public-url must be http(s)://host[:port][/path], without query, fragment or credentials, got "${raw}"`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** `--registry a.yaml --registry b.yaml` and `--registry a.yaml,b.yaml` alike (an environment variable cannot repeat). */
function fileList(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((f) => f.trim())
    .filter((f) => f !== '');
}
