#!/usr/bin/env node
import { systemClock } from './clock';
import { ConfigError, HelpShown, parseCommandLine, CLI_NAME } from './cli/commandLine';
import { resolveConfig, type Config } from './config';
import { seedDemoNotices } from './ec/demoNotices';
import { startEmulator } from './emulator';
import { runImport } from './importer/cli';
import { genNotices, genNoticesOptions } from './importer/genNotices';
import { listenFirst, ListenError, warnIfExposed } from './listen';
import { createLogger } from './log';
import { startMockEcServer } from './mockEc/standalone';
import { readRegistryFile, RegistryFileError } from './nodo/registryFile';
import { readRegistryOverlays } from './nodo/registryOverlay';
import type { RegistryDocument } from './nodo/registryModel';
import { DEMO_REGISTRY } from './paths';
import { countPositions } from './store/archive';
import { DbError, migrate, openDb, type Db } from './store/db';
import { registryVersion, saveRegistry } from './store/registry';

/**
 * The `pagopa-node-emulator` command: commander reads the command line (cli/commandLine.ts), then one of
 * start / mock-ec (serve), migrate, seed, import, gen-notices runs. Exit codes: 0 done (or --help,
 * --version); 1 it could not run (port in use, database unreachable, bad registry file; import: rows
 * rejected); 2 a wrong command line or value. Every failure is one line on stderr.
 */
export async function runCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const inv = parseCommandLine(argv);
    if (inv.command === 'import') return void (process.exitCode = await runImport(inv.file, inv.flags, env));
    if (inv.command === 'gen-notices') return void process.stderr.write(`${genNotices(genNoticesOptions(inv.flags))}\n`);
    await serve(resolveConfig(inv.command, inv.flags, env));
  } catch (err) {
    if (err instanceof HelpShown) return void process.stdout.write(err.message);
    const known = err instanceof ConfigError || err instanceof DbError || err instanceof RegistryFileError || err instanceof ListenError;
    process.stderr.write(`${CLI_NAME}: ${known ? (err as Error).message : `fatal: ${(err as Error).message}`}\n`);
    // process.exit: a failure after the port was bound must not wait for the open server
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
}

/** start, mock-ec, migrate, seed: listen (start, mock-ec) → openDb → migrate → registry → serve. */
async function serve(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  // a bad registry file is refused before anything touches the database
  const registryDoc = config.registryFiles.length ? readRegistryOverlays(DEMO_REGISTRY, config.registryFiles) : undefined;
  // so is a port in use: the port is bound first, and answers 503 "starting" until the node is ready
  const listener = config.command === 'start' || config.command === 'mock-ec' ? await listenFirst(config) : undefined;
  const db = await openDb(config.dbUrl);
  try {
    const applied = await migrate(db);
    if (applied.length) log.info('migrated', { applied });
    if (config.command === 'migrate') {
      process.stdout.write(`migrated ${db.safeUrl}: ${applied.length ? applied.join(', ') : 'already up to date'}\n`);
      return void (await db.close());
    }
    const clock = systemClock();
    const seeded = await ensureRegistry(db, config, registryDoc, clock.now());
    if (config.command === 'seed') {
      process.stdout.write(`registry ${seeded.source} loaded into ${db.safeUrl}\n`);
      return void (await db.close());
    }
    if (config.command === 'mock-ec') {
      warnIfExposed(config, log);
      return await startMockEcServer(config, db, log, listener!);
    }
    await startEmulator(config, db, log, clock, listener!);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

async function ensureRegistry(db: Db, config: Config, doc: RegistryDocument | undefined, now: Date): Promise<{ source: string }> {
  if (config.registryFiles.length && doc) {
    // registry_meta.source is 512 characters
    const source = ['demo', ...config.registryFiles].join(' + ').slice(0, 512);
    await saveRegistry(db, doc, source, now.getTime());
    return { source };
  }
  if ((await registryVersion(db)) === undefined) {
    await saveRegistry(db, readRegistryFile(DEMO_REGISTRY), 'demo', now.getTime());
    if (config.demoData && (await countPositions(db)) === 0) {
      await db.tx((q) => seedDemoNotices(q, now));
    }
    return { source: 'demo' };
  }
  return { source: 'database' };
}

if (require.main === module) void runCommandLine(process.argv.slice(2), process.env);
