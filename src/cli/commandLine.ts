import { Command, CommanderError, Option } from 'commander';
import { PACKAGE_VERSION } from '../paths';

export const CLI_NAME = 'pagopa-node-emulator';

/** A command line that cannot run: one line on stderr, exit 2. */
export class ConfigError extends Error {}

/** `--help`, `--version`, `help <command>`: the text goes to stdout and the process exits 0. */
export class HelpShown extends Error {}

/**
 * One command-line option: commander's flags, what it does, and where its value comes from when the flag is
 * absent. `env` and `default` are shown in `--help` and read by config.ts, so the two cannot drift.
 */
export interface OptionSpec {
  readonly flags: string;
  readonly help: string;
  readonly env?: string;
  readonly default?: string;
}

export const OPTIONS = {
  port: { flags: '--port <n>', help: 'TCP port to listen on (0: any free port)', env: 'NODO_PORT', default: '8080' },
  mockEcPort: { flags: '--port <n>', help: 'TCP port to listen on (0: any free port)', env: 'NODO_MOCK_EC_PORT', default: '8089' },
  host: { flags: '--host <address>', help: 'address to listen on; one other machines reach needs --admin-token', env: 'NODO_HOST', default: '127.0.0.1' },
  db: { flags: '--db <url>', help: 'database: sqlite:<file>, sqlite::memory: or postgres://user:password@host:5432/db', env: 'NODO_DB_URL', default: 'sqlite:./data/nodo.sqlite' },
  registry: {
    flags: '--registry <files>',
    help: 'registry files (YAML or JSON) applied in order over the demo registry and loaded into the database; repeat the flag or separate with commas; without it, the database keeps its registry (the demo one on an empty database)',
    env: 'NODO_REGISTRY',
  },
  logLevel: { flags: '--log-level <level>', help: 'error, warn, info or debug (debug: one line per exchange served or sent to an EC)', env: 'NODO_LOG_LEVEL', default: 'info' },
  maxBodyBytes: { flags: '--max-body-bytes <n>', help: 'larger request bodies are refused before parsing', env: 'NODO_MAX_BODY_BYTES', default: String(1024 * 1024) },
  noDemoData: { flags: '--no-demo-data', help: 'do not seed the demo notices into an empty database', env: 'NODO_DEMO_DATA=false' },
  noJobs: { flags: '--no-jobs', help: 'no periodic jobs (token expiry sweep, idempotency clean-up, receipt retries, journal retention)', env: 'NODO_JOBS=false' },
  journalRetention: {
    flags: '--journal-retention <value>',
    help: 'how much of the SOAP journal the cleaning job keeps: a duration (30m, 12h, 7d; units s, m, h, d), a row count (100000rows: the newest rows) or 0 to keep everything',
    env: 'NODO_JOURNAL_RETENTION',
    default: '7d',
  },
  allowedHosts: {
    flags: '--allowed-hosts <names>',
    help: 'comma-separated host names requests may carry in Host besides loopback ones (a proxy’s public name)',
    env: 'NODO_ALLOWED_HOSTS',
  },
  adminToken: {
    flags: '--admin-token <secret>',
    help: 'Bearer token required on /admin and the mock EC’s control API (required with a non-loopback --host)',
    env: 'NODO_ADMIN_TOKEN',
  },
  publicUrl: { flags: '--public-url <url>', help: 'the URL clients reach this server at (behind a proxy): used in links, Location and WSDL addresses', env: 'NODO_PUBLIC_URL' },
  mockEcTimeoutDelay: {
    flags: '--mock-ec-timeout-delay <ms>',
    help: 'how long the mock EC’s pagoPA mode holds a family-98 notice before answering',
    env: 'NODO_MOCK_EC_TIMEOUT_DELAY_MS',
    default: '5000',
  },
  // import
  importDb: { flags: '--db <url>', help: 'database to import into: sqlite:<file> or postgres://…', env: 'NODO_DB_URL', default: 'sqlite:./data/nodo.sqlite' },
  format: { flags: '--format <format>', help: 'jsonl or csv (default: from the file extension: .jsonl, .ndjson, .csv)' },
  atomic: { flags: '--atomic', help: 'all or nothing: one transaction, rolled back when any row is rejected' },
  status: { flags: '--status <status>', help: 'status of the imported positions: VALID (payable) or DRAFT', default: 'VALID' },
  quiet: { flags: '-q, --quiet', help: 'no progress bar and no summary' },
  // measured on SQLite, 5k–50k notices per transaction are within a few percent; 20k keeps a batch's memory small
  batch: { flags: '--batch <n>', help: 'notices per transaction', default: '20000' },
  // gen-notices
  notices: { flags: '--notices <n>', help: 'how many notices', default: '1000000' },
  debtors: { flags: '--debtors <n>', help: 'how many distinct debtors they belong to', default: '200000' },
  out: { flags: '--out <file>', help: 'the JSON Lines file to write (required)' },
  seed: { flags: '--seed <n>', help: 'random seed: same flags, same bytes', default: '1' },
  segregationCode: { flags: '--segregation-code <nn>', help: 'segregation code of the notice numbers (20: the demo archive station; 03: the remote one)', default: '20' },
} as const satisfies Record<string, OptionSpec>;

export type ServerCommand = 'start' | 'migrate' | 'seed' | 'mock-ec';

/** Option values as commander leaves them: strings as typed, `false` for a `--no-…` flag given, undefined when absent. */
export type Flags = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** What the command line asks for, before any value is checked (config.ts, importer/cli.ts, importer/genNotices.ts check them). */
export type Invocation = { command: ServerCommand; flags: Flags } | { command: 'import'; file: string; flags: Flags } | { command: 'gen-notices'; flags: Flags };

const SERVER_COMMANDS: Record<ServerCommand, { summary: string; options: readonly (keyof typeof OPTIONS)[] }> = {
  start: {
    summary: 'migrate and seed the database, then serve the node (SOAP, REST, dashboard, built-in mock EC): the default command',
    options: [
      'port',
      'host',
      'db',
      'registry',
      'logLevel',
      'maxBodyBytes',
      'noDemoData',
      'noJobs',
      'journalRetention',
      'allowedHosts',
      'adminToken',
      'publicUrl',
      'mockEcTimeoutDelay',
    ],
  },
  migrate: { summary: 'apply the database migrations, then exit', options: ['db', 'logLevel'] },
  seed: { summary: 'load the registry (the demo one, or --registry files) and the demo notices, then exit', options: ['db', 'registry', 'logLevel', 'noDemoData'] },
  'mock-ec': {
    summary: 'serve only the mock EC (paForNode over the archive of --db), for an emulator or a node in another process',
    options: ['mockEcPort', 'host', 'db', 'registry', 'logLevel', 'maxBodyBytes', 'noDemoData', 'allowedHosts', 'adminToken', 'publicUrl', 'mockEcTimeoutDelay'],
  },
};

/**
 * Reads the command line with commander, without printing or exiting: `--help` and `--version` throw
 * HelpShown with the text, a wrong command line throws ConfigError with one line naming the fix. No
 * command, or options first, means `start`.
 */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const args = [...argv];
  const first = args[0];
  if (first === undefined || (first.startsWith('-') && !['-h', '--help', '-V', '--version'].includes(first))) args.unshift('start');

  let out = '';
  let chosen: Invocation | undefined;
  let current = '';
  const program = new Command(CLI_NAME)
    .description('A local emulator of the pagoPA Nodo dei Pagamenti: SOAP for PSPs, REST for creditor institutions, a dashboard, a mock EC.')
    .version(PACKAGE_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [command]', 'show the help of a command')
    .addHelpText('after', environmentHelp())
    .hook('preSubcommand', (_program, sub) => void (current = sub.name()));
  // help and errors are collected, never written: main.ts decides what goes where
  program.exitOverride().configureOutput({ writeOut: (s) => void (out += s), writeErr: (s) => void (out += s), outputError: () => undefined });

  for (const [name, spec] of Object.entries(SERVER_COMMANDS) as [ServerCommand, (typeof SERVER_COMMANDS)[ServerCommand]][]) {
    const cmd = program.command(name).description(spec.summary).helpOption('-h, --help', 'show this help').allowExcessArguments(true);
    for (const key of spec.options) cmd.addOption(option(OPTIONS[key]));
    cmd.action((_opts, c: Command) => {
      // checked here rather than by commander, to name the usual mistake (the command after its options)
      const extra = c.args[0];
      if (extra !== undefined) {
        const hint = extra in SERVER_COMMANDS || extra === 'import' || extra === 'gen-notices' ? `: the command comes first (${CLI_NAME} ${extra} [options])` : '';
        throw new ConfigError(`unexpected argument "${extra}"${hint} — see ${CLI_NAME} ${name} --help`);
      }
      chosen = { command: name, flags: c.opts() };
    });
  }

  program
    .command('import')
    .description('import debt positions (GPD PaymentPositionModel) from JSON Lines or CSV into the archive; exit 1 when rows were rejected')
    .argument('<file>', 'a .jsonl/.ndjson (one position a line) or .csv (one installment a line) file')
    .helpOption('-h, --help', 'show this help')
    .addOption(option(OPTIONS.importDb))
    .addOption(option(OPTIONS.format))
    .addOption(option(OPTIONS.atomic))
    .addOption(option(OPTIONS.status))
    .addOption(option(OPTIONS.quiet))
    .addOption(option(OPTIONS.batch))
    .action((file: string, _opts, c: Command) => void (chosen = { command: 'import', file, flags: c.opts() }));

  program
    .command('gen-notices')
    .description('write deterministic debt positions of EC 66666666666 as JSON Lines, for import and load tests')
    .helpOption('-h, --help', 'show this help')
    .addOption(option(OPTIONS.notices))
    .addOption(option(OPTIONS.debtors))
    .addOption(option(OPTIONS.out))
    .addOption(option(OPTIONS.seed))
    .addOption(option(OPTIONS.segregationCode))
    .addHelpText('after', `\nExample: ${CLI_NAME} gen-notices --notices 1000 --debtors 200 --out notices.jsonl && ${CLI_NAME} import notices.jsonl\n`)
    .action((_opts, c: Command) => void (chosen = { command: 'gen-notices', flags: c.opts() }));

  try {
    program.parse(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0) throw new HelpShown(out);
    // `help <unknown>`: commander prints the program's help as an error; one line says more
    if (err.code === 'commander.help') throw new ConfigError(`unknown command '${args[args.indexOf('help') + 1]}' — see ${CLI_NAME} --help`);
    throw new ConfigError(oneLine(err.message, current));
  }
  if (!chosen) throw new ConfigError(`no command given — see ${CLI_NAME} --help`);
  return chosen;
}

/** The program's --help: every variable the commands read, with its flag; a command's --help has the defaults. */
function environmentHelp(): string {
  const seen = new Map<string, string>();
  for (const [key, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    // NODO_DEMO_DATA=false is what --no-demo-data's variable must say
    if (spec.env && !seen.has(spec.env)) seen.set(spec.env, `${key === 'mockEcPort' ? 'mock-ec ' : ''}${spec.flags.replace(/ <.*/, '')}`);
  }
  const width = Math.max(...[...seen.keys()].map((k) => k.length));
  const lines = [...seen].map(([name, flag]) => `  ${name.padEnd(width)}  ${flag}`);
  return [
    '',
    'Environment variables (a flag wins over its variable, which wins over the default):',
    ...lines,
    '',
    `Run "${CLI_NAME} <command> --help" for a command's options and their defaults.`,
    'Examples:',
    `  ${CLI_NAME} --port 9000                 start on another port`,
    `  NODO_LOG_LEVEL=debug ${CLI_NAME}        one log line per exchange`,
    `  ${CLI_NAME} import notices.jsonl        load debt positions into ./data/nodo.sqlite`,
    '',
  ].join('\n');
}

/** `--registry` repeats: every occurrence is kept, in order. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function option(spec: OptionSpec): Option {
  const where = [spec.default !== undefined ? `default: ${spec.default}` : '', spec.env ? `env: ${spec.env}` : ''].filter(Boolean).join(', ');
  const o = new Option(spec.flags, where ? `${spec.help} (${where})` : spec.help);
  return spec.flags.startsWith('--registry') ? o.argParser(collect) : o;
}

/** commander's "error: unknown option '--prot'\n(Did you mean --port?)" as one line, with where to look. */
function oneLine(message: string, command: string): string {
  const text = message
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return `${text} — see ${CLI_NAME}${command ? ` ${command}` : ''} --help`;
}
