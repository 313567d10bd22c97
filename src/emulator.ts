import path from 'node:path';
import { createApp, SOAP_PATHS } from './app';
import type { Clock } from './clock';
import type { Config } from './config';
import { archiveBackend } from './ec/archive';
import type { EcBackend } from './ec/backend';
import { remoteBackend } from './ec/remote';
import { createStationClient } from './ec/stationClient';
import { syntheticBackend } from './ec/synthetic';
import { warnIfExposed, type Listener } from './listen';
import type { Logger } from './log';
import { createMockEc, isMockEcControlPath, isMockEcSoapPath } from './mockEc/server';
import type { NodoContext } from './nodo/context';
import { scheduleJobs } from './nodo/jobs';
import { createReceiptWorker } from './nodo/receiptDelivery';
import { Registry } from './nodo/registry';
import type { RegistryDocument } from './nodo/registryModel';
import { flowSchema } from './soap/flowSchema';
import { createSoapPipeline } from './soap/pipeline';
import { stampSchema } from './soap/stampSchema';
import { createWsdlServer } from './soap/wsdl';
import { compileXsdGate, XSD_DIR } from './soap/xsdGate';
import type { Db } from './store/db';
import { createJournalWriter } from './store/journal';
import { loadRegistry, registryVersion, saveRegistry } from './store/registry';
import { closeOnSignals } from './shutdown';
import { createRequestGuard } from './web/hostGuard';

/**
 * `start` once the port is held (listen.ts) and the database migrated and seeded (main.ts): compile the
 * schemas, build the node, hand the port its handler, print the banner, and close cleanly on a signal.
 */
export async function startEmulator(config: Config, db: Db, log: Logger, clock: Clock, listener: Listener): Promise<void> {
  const stored = await loadRegistry(db);
  let registry = new Registry(stored!.doc, stored!.version);
  const gate = await compileXsdGate();
  const paForNode = await compileXsdGate(path.join(XSD_DIR, 'paForNode.xsd'));
  // the digital stamp schema, compiled now: sendPaymentOutcomeV2 validates each stamp against it
  await stampSchema();
  // the reporting flow schema, compiled now: nodoInviaFlussoRendicontazione validates each flow against it
  await flowSchema();
  // stations whose endpoint is a path ("/mock-ec/v1") are served by this very process
  const { server, base, selfBase } = listener;
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
    journalRetention: config.journalRetention,
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
  const app = createApp({
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
  const stopJobs = config.jobs ? scheduleJobs(ctx) : () => undefined;
  // receipts go out at once even without the jobs; only the retry poll needs them (receiptDelivery.ts)
  const receipts = createReceiptWorker(ctx);
  await receipts.start({ poll: config.jobs });
  listener.serve(app);
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
      `  API   ${base}/api-docs   (every REST API's OpenAPI document: ${base}/openapi)`,
      `  DB    ${db.safeUrl}`,
      ...(config.adminToken !== undefined ? ['  AUTH  /admin and the mock EC control API want Authorization: Bearer <--admin-token>'] : []),
      ...(config.publicUrl !== undefined ? [`  URL   links, Location and WSDL addresses use ${config.publicUrl}`] : []),
      '',
    ].join('\n'),
  );

  closeOnSignals(log, server, {
    beforeClose: () => {
      ready = false;
      stopJobs();
      clearInterval(watch);
      // requests the mock EC holds (delay/timeout overrides) would keep the server open
      mockEc.close();
      // receipt attempts in flight may be talking to this very server (/mock-ec/v1): they end, or give
      // their leases back, before it closes
      return receipts.stop();
    },
    afterClose: () => journal.close().then(() => db.close()),
  });
}
