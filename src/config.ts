import { parseArgs } from 'node:util';

/** Everything the process needs to know at start-up, resolved once: flag > env NODO_* > default. */
export interface Config {
  readonly command: 'start' | 'migrate' | 'seed' | 'mock-ec';
  readonly host: string;
  readonly port: number;
  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://…` */
  readonly dbUrl: string;
  /** A registry file (JSON or YAML) to load into the database at start-up; the demo registry otherwise. */
  readonly registryFile?: string;
  readonly logLevel: LogLevel;
  /** Requests above this size are refused before parsing (billion-laughs and memory guard). */
  readonly maxBodyBytes: number;
  /** Seed the demo notices into the archive when the database is empty. */
  readonly demoData: boolean;
  /** Run the periodic jobs (token sweep, idempotency clean). Tests switch them off to stay deterministic. */
  readonly jobs: boolean;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

export class ConfigError extends Error {}

const USAGE = `usage: pagopa-node-emulator [start|migrate|seed|mock-ec] [--port N] [--host H] [--db URL] [--registry FILE] [--log-level error|warn|info|debug] [--max-body-bytes N] [--no-demo-data] [--no-jobs]\n       pagopa-node-emulator import <file.jsonl|.csv> [--db URL] [--atomic] [--status VALID|DRAFT] [--quiet] (see import --help)`;

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
        registry: { type: 'string' },
        'log-level': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'no-demo-data': { type: 'boolean' },
        'no-jobs': { type: 'boolean' },
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
  return Object.freeze({
    command,
    host: values.host ?? env.NODO_HOST ?? '127.0.0.1',
    port,
    dbUrl,
    registryFile: values.registry ?? env.NODO_REGISTRY,
    logLevel,
    maxBodyBytes: integer('--max-body-bytes', values['max-body-bytes'] ?? env.NODO_MAX_BODY_BYTES ?? String(1024 * 1024), 1024, 1 << 30),
    demoData: !(values['no-demo-data'] ?? env.NODO_DEMO_DATA === 'false'),
    jobs: !(values['no-jobs'] ?? env.NODO_JOBS === 'false'),
  });
}

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}
