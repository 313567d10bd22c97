import { ConfigError, OPTIONS, parseCommandLine, type Flags, type OptionSpec, type ServerCommand } from './cli/commandLine';
import { parseJournalRetention, type JournalRetention } from './store/journalRetention';

/** Everything the process needs to know at start-up, resolved once: flag > env NODO_* > default. */
export interface Config {
  readonly command: ServerCommand;
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
  /** How much of the SOAP journal the journalRetention job keeps (--journal-retention). */
  readonly journalRetention: JournalRetention;
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

export { ConfigError };

/**
 * The server commands' configuration from a command line: commander reads it (cli/commandLine.ts), then
 * every value is checked here, flag > env NODO_* > default. Pure: `env` is the only environment it reads.
 * Throws ConfigError (one line) on a wrong command line or value, HelpShown for --help and --version.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const inv = parseCommandLine(argv);
  if (inv.command === 'import' || inv.command === 'gen-notices') throw new ConfigError(`${inv.command} is not a server command`);
  return resolveConfig(inv.command, inv.flags, env);
}

export function resolveConfig(command: ServerCommand, flags: Flags, env: NodeJS.ProcessEnv): Config {
  const flag = (name: string) => flags[name] as string | undefined;
  const pick = (name: string, spec: OptionSpec) => flag(name) ?? (spec.env ? env[spec.env] : undefined) ?? spec.default!;
  // mock-ec (the standalone mock EC) runs beside an emulator: its own default port
  const port = integer('--port', pick('port', command === 'mock-ec' ? OPTIONS.mockEcPort : OPTIONS.port), 0, 65535);
  const logLevel = pick('logLevel', OPTIONS.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const dbUrl = pick('db', OPTIONS.db);
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(dbUrl)) {
    throw new ConfigError(`--db must be sqlite:<path>, sqlite::memory: or postgres://…, got "${dbUrl}"`);
  }
  const host = pick('host', OPTIONS.host);
  // empty means none (an unset variable in a compose file is often an empty one)
  const adminToken = (flag('adminToken') ?? env.NODO_ADMIN_TOKEN) || undefined;
  if (adminToken !== undefined && !/^[\x21-\x7e]+$/.test(adminToken))
    throw new ConfigError('--admin-token must be printable ASCII without spaces (it travels in an Authorization header)');
  // Another machine could otherwise replace the registry, read the journal or move the clock. Refusing
  // to start (rather than inventing a token) keeps the secret out of logs and makes the choice explicit.
  if (!isLoopbackHost(host) && adminToken === undefined && (command === 'start' || command === 'mock-ec')) {
    throw new ConfigError(
      `--host ${host} lets other machines reach /admin and the mock EC's control API: give --admin-token <secret> (or NODO_ADMIN_TOKEN), e.g. --admin-token $(openssl rand -hex 16)`,
    );
  }
  const registry = flags.registry as string[] | undefined;
  const journalRetention = parseJournalRetention(pick('journalRetention', OPTIONS.journalRetention));
  if (typeof journalRetention === 'string') throw new ConfigError(`--journal-retention ${journalRetention}`);
  return Object.freeze({
    command,
    host,
    port,
    dbUrl,
    registryFiles: Object.freeze(fileList(registry ?? (env.NODO_REGISTRY ? [env.NODO_REGISTRY] : []))),
    logLevel,
    maxBodyBytes: integer('--max-body-bytes', pick('maxBodyBytes', OPTIONS.maxBodyBytes), 1024, 1 << 30),
    // commander gives false for --no-demo-data / --no-jobs, true when the flag is absent
    demoData: flags.demoData !== false && env.NODO_DEMO_DATA !== 'false',
    jobs: flags.jobs !== false && env.NODO_JOBS !== 'false',
    journalRetention: Object.freeze(journalRetention),
    allowedHosts: Object.freeze(hostList(flag('allowedHosts') ?? env.NODO_ALLOWED_HOSTS ?? '')),
    adminToken,
    publicUrl: publicUrl(flag('publicUrl') ?? env.NODO_PUBLIC_URL),
    mockEcTimeoutDelayMs: integer('--mock-ec-timeout-delay', pick('mockEcTimeoutDelay', OPTIONS.mockEcTimeoutDelay), 0, 600_000),
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
