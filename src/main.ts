#!/usr/bin/env node
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, SOAP_PATHS } from './app';
import { systemClock } from './clock';
import { ConfigError, isLoopbackHost, loadConfig, type Config } from './config';
import { archiveBackend } from './ec/archive';
import type { EcBackend } from './ec/backend';
import { seedDemoNotices } from './ec/demoNotices';
import { remoteBackend } from './ec/remote';
import { syntheticBackend } from './ec/synthetic';
import { createLogger } from './log';
import type { NodoContext } from './nodo/context';
import { scheduleJobs } from './nodo/jobs';
import { createReceiptWorker } from './nodo/receiptDelivery';
import { Registry } from './nodo/registry';
import { readRegistryFile, RegistryFileError } from './nodo/registryFile';
import { readRegistryOverlays } from './nodo/registryOverlay';
import type { RegistryDocument } from './nodo/registryModel';
import { createMockEc, isMockEcControlPath, isMockEcSoapPath } from './mockEc/server';
import { startMockEcServer } from './mockEc/standalone';
import { runImport } from './importer/cli';
import { createSoapPipeline } from './soap/pipeline';
import { createRequestGuard } from './web/hostGuard';
import { createWsdlServer } from './soap/wsdl';
import { stampSchema } from './soap/stampSchema';
import { flowSchema } from './soap/flowSchema';
import { compileXsdGate, XSD_DIR } from './soap/xsdGate';
import { createStationClient } from './ec/stationClient';
import { countPositions } from './store/archive';
import { DbError, migrate, openDb, type Db } from './store/db';
import { createJournalWriter } from './store/journal';
import { loadRegistry, registryVersion, saveRegistry } from './store/registry';

export const DEMO_REGISTRY = path.resolve(__dirname, '../../registry/demo.yaml');

/** loadConfig → openDb → migrate → registry → createApp → listen. Failures before listening are one line. */
async function main(): Promise<void> {
  const config = loadConfig(process.argv.slice(2), process.env);
  const log = createLogger(config.logLevel);
  // a bad registry file is refused before anything touches the database
  const registryDoc = config.registryFiles.length ? readRegistryOverlays(DEMO_REGISTRY, config.registryFiles) : undefined;
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
      return await startMockEcServer(config, db, log);
    }
    await start(config, db, log, clock);
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

async function start(config: Config, db: Db, log: ReturnType<typeof createLogger>, clock: ReturnType<typeof systemClock>): Promise<void> {
  const stored = await loadRegistry(db);
  let registry = new Registry(stored!.doc, stored!.version);
  const gate = await compileXsdGate();
  const paForNode = await compileXsdGate(path.join(XSD_DIR, 'paForNode.xsd'));
  // the digital stamp schema, compiled now: sendPaymentOutcomeV2 validates each stamp against it
  await stampSchema();
  // the reporting flow schema, compiled now: nodoInviaFlussoRendicontazione validates each flow against it
  await flowSchema();
  // stations whose endpoint is a path ("/mock-ec/v1") are served by this very process: known once listening
  let selfBase = '';
  const journal = createJournalWriter(db, (err) => log.error('journal write failed', { error: err.message }));
  const backends: Record<string, EcBackend> = {};
  const ctx: NodoContext = {
    db,
    clock,
    log,
    registry: () => registry,
    backend: (station) => backends[station.backend.type],
    stations: createStationClient(paForNode, () => selfBase),
    journal,
  };
  backends.archive = archiveBackend(db, ctx.registry, clock);
  backends.synthetic = syntheticBackend(db, ctx.registry, clock);
  backends.remote = remoteBackend(ctx);

  const reload = async () => {
    const fresh = await loadRegistry(db);
    if (fresh) registry = new Registry(fresh.doc, fresh.version);
  };
  // other processes on the same database may load a new registry: follow its version
  const watch = setInterval(() => {
    registryVersion(db)
      .then((v) => (v !== undefined && v !== registry.version ? reload() : undefined))
      .catch((err) => log.warn('registry check failed', { error: (err as Error).message }));
  }, 2000).unref();

  let ready = false;
  const mockEc = createMockEc({ db, clock, log, gate: paForNode, maxBodyBytes: config.maxBodyBytes, timeoutDelayMs: config.mockEcTimeoutDelayMs });
  const server = createApp({
    ctx,
    journal,
    mockEc,
    log,
    guard: createRequestGuard({ ...config, isSoapPath: (p) => SOAP_PATHS.has(p) || isMockEcSoapPath(p), isControlPath: isMockEcControlPath }),
    soap: createSoapPipeline(ctx, gate, { maxBodyBytes: config.maxBodyBytes }),
    wsdl: createWsdlServer(),
    maxBodyBytes: config.maxBodyBytes,
    isReady: () => ready,
    loadRegistry: async (doc: RegistryDocument, source: string) => {
      const version = await saveRegistry(db, doc, source, clock.now().getTime());
      await reload();
      return version;
    },
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `http://${host}:${port}`;
  selfBase = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : host}:${port}`;
  const stopJobs = config.jobs ? scheduleJobs(ctx) : () => undefined;
  // receipts go out at once even without the jobs; only the retry poll needs them (receiptDelivery.ts)
  const receipts = createReceiptWorker(ctx);
  await receipts.start({ poll: config.jobs });
  ready = true;
  warnIfExposed(config, log);

  process.stdout.write(
    [
      `pagopa-node-emulator listening on ${base}`,
      `  SOAP  ${base}/node-for-psp/v1   (every operation also on ${base}/webservices/input)`,
      `  WSDL  ${base}/node-for-psp/v1?wsdl`,
      `  REST  ${base}/admin   (health: ${base}/health)`,
      `  EC    ${base}/mock-ec/v1   (built-in mock EC: paForNode over the archive; ?wsdl)`,
      `        ${base}/mock-ec   (pagoPA mode: a drop-in for pagoPA's mock EC, EC 77777777777)`,
      `  CARTS ${base}/checkout/ec/v1/carts, …/v2/carts   (Checkout EC API; pay by hand: ${base}/checkout)`,
      `  WEB   ${base}/   (dashboard)`,
      `  DB    ${db.safeUrl}`,
      ...(config.adminToken !== undefined ? ['  AUTH  /admin and the mock EC control API want Authorization: Bearer <--admin-token>'] : []),
      ...(config.publicUrl !== undefined ? [`  URL   links, Location and WSDL addresses use ${config.publicUrl}`] : []),
      '',
    ].join('\n'),
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal}: closing`);
    ready = false;
    stopJobs();
    clearInterval(watch);
    // requests the mock EC holds (delay/timeout overrides) would keep the server open
    mockEc.close();
    // receipt attempts in flight may be talking to this very server (/mock-ec/v1): they end, or give
    // their leases back, before it closes
    void receipts.stop().finally(() => {
      server.closeIdleConnections();
      server.close(() => {
        journal
          .close()
          .then(() => db.close())
          .then(() => process.exit(0))
          .catch((err) => {
            log.error('shutdown failed', { error: (err as Error).message });
            process.exit(1);
          });
      });
    });
    setTimeout(() => process.exit(1), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** Reachable from other machines: say so once, with what guards it (config.ts refused to start without a token). */
export function warnIfExposed(config: Config, log: ReturnType<typeof createLogger>): void {
  if (isLoopbackHost(config.host)) return;
  log.warn(`listening on ${config.host}, reachable from other machines: /admin and the mock EC control API require the admin token; Host must be a name of this server`, {
    allowedHosts: config.allowedHosts,
    publicUrl: config.publicUrl ?? null,
  });
}

// `import <file>` has flags of its own (importer/cli.ts) and exit codes 0/1/2 of its own
if (process.argv[2] === 'import') void runImport(process.argv.slice(3), process.env).then((code) => (process.exitCode = code));
else
  main().catch((err: Error) => {
    const known = err instanceof ConfigError || err instanceof DbError || err instanceof RegistryFileError;
    const code = (err as NodeJS.ErrnoException).code;
    const line = known ? err.message : code === 'EADDRINUSE' || code === 'EACCES' ? `cannot listen: ${err.message}` : `fatal: ${err.message}`;
    process.stderr.write(`pagopa-node-emulator: ${line}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  });
