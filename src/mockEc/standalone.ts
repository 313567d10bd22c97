import type http from 'node:http';
import path from 'node:path';
import { systemClock } from '../clock';
import type { Config } from '../config';
import { wrapWithExchangeLog } from '../exchangeLog';
import type { Listener } from '../listen';
import type { Logger } from '../log';
import { PACKAGE_VERSION } from '../paths';
import { closeOnSignals } from '../shutdown';
import { writeProblem } from '../rest/problems';
import { compileXsdGate, XSD_DIR } from '../soap/xsdGate';
import type { Db } from '../store/db';
import { createRequestGuard } from '../web/hostGuard';
import { PAGOPA_MOCK_EC_PATH } from './pagopa';
import { createMockEc, isMockEcControlPath, isMockEcPath, isMockEcSoapPath, MOCK_EC_PATH } from './server';

/**
 * `pagopa-node-emulator mock-ec`: only the mock EC, on its own port (8089 by default), over the archive of
 * `--db`, so that an emulator in another process (or a real node's test set-up) calls it as a remote
 * EC station. Prints `mock EC listening on <url>` once it accepts requests (the port is bound earlier,
 * answering 503 until then: listen.ts).
 */
export async function startMockEcServer(config: Config, db: Db, log: Logger, listener: Listener): Promise<void> {
  const gate = await compileXsdGate(path.join(XSD_DIR, 'paForNode.xsd'));
  const mock = createMockEc({ db, clock: systemClock(), log, gate, maxBodyBytes: config.maxBodyBytes, timeoutDelayMs: config.mockEcTimeoutDelayMs });
  // the same Host, Origin and admin-token rules as the emulator's (web/hostGuard.ts)
  const guard = createRequestGuard({ ...config, isSoapPath: isMockEcSoapPath, isControlPath: isMockEcControlPath });
  const route = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const q = req.url!.indexOf('?');
    const p = q < 0 ? req.url! : req.url!.slice(0, q);
    if (!guard(req, res, p)) return;
    if (isMockEcPath(p)) return mock.handle(req, res, p, q < 0 ? '' : req.url!.slice(q + 1));
    if (p !== '/health') return writeProblem(res, 'not-found', `the mock EC is at ${MOCK_EC_PATH} (pagoPA mode: ${PAGOPA_MOCK_EC_PATH})`);
    // the emulator's /health shape (openapi/admin.yaml), so one probe reads both kinds of process
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'UP', ready: true, version: PACKAGE_VERSION, engine: db.engine, uptime: Math.floor(process.uptime()) }));
  };
  // --log-level debug: one line per request, as the emulator's (exchangeLog.ts)
  listener.serve(log.debugEnabled ? wrapWithExchangeLog(log, route) : route);
  const { server, base } = listener;
  process.stdout.write(`mock EC listening on ${base}${MOCK_EC_PATH}\n  WSDL  ${base}${MOCK_EC_PATH}?wsdl\n  pagoPA mode  ${base}${PAGOPA_MOCK_EC_PATH}\n  DB    ${db.safeUrl}\n`);

  closeOnSignals(log, server, {
    // requests held by delay/timeout overrides would keep server.close waiting
    beforeClose: () => mock.close(),
    afterClose: () => db.close(),
  });
}
