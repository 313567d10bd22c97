/**
 * The pull-payments load: paGetPaymentsByDebtor (SOAP) and the payments-pull REST twin over an archive
 * of 1,000,000 notices and 200,000 debtors (bench/genNotices.ts, loaded with `pagopa-node-emulator
 * import`, the path a user takes). Each request asks for a random debtor of the file; every answer is
 * checked (HTTP 200, outcome OK / a JSON array).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { debtor } from './genNotices';
import { emulatorPath } from './servers';
import { describeKo, isOutcomeOk, SOAP_PATH, soapHeaders } from './soap';
import type { RunStats } from './stats';

export const PULL_NOTICES = 1_000_000;
export const PULL_DEBTORS = 200_000;
const REST_PATH = '/pagopa-gpd-payments-pull/v1/payment-notices/v1';

/** Generates the JSONL and imports it into `dbUrl`; returns the import's wall time in seconds. */
export function seedPullArchive(dbUrl: string, workDir: string, say: (s: string) => void): number {
  const file = path.join(workDir, 'notices.jsonl');
  const gen = path.join(__dirname, 'genNotices.js');
  execFileSync(process.execPath, [gen, '--notices', String(PULL_NOTICES), '--debtors', String(PULL_DEBTORS), '--out', file], { stdio: 'ignore' });
  const started = performance.now();
  execFileSync(process.execPath, [emulatorPath(), 'import', file, '--db', dbUrl, '--quiet'], { stdio: 'ignore' });
  const sec = (performance.now() - started) / 1000;
  say(`  imported ${PULL_NOTICES} notices over ${PULL_DEBTORS} debtors in ${sec.toFixed(1)} s (${Math.round(PULL_NOTICES / sec)} notices/s)`);
  return sec;
}

type Ctx = { sentAt: number };
const request = (r: object) => r as unknown as autocannon.Request;
// a fixed pseudo-random walk over the debtors: every run asks for the same sequence
const pick = (() => {
  let x = 12345;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) % PULL_DEBTORS;
})();

export function pullSoapRequests(stats: RunStats): autocannon.Request[] {
  const op = stats.op('paGetPaymentsByDebtor');
  return [
    request({
      method: 'POST',
      path: SOAP_PATH,
      headers: soapHeaders('paGetPaymentsByDebtor'),
      setupRequest: (req: autocannon.Request, ctx: Ctx) => {
        const d = debtor(pick());
        req.body =
          '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:nod="http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd"><soapenv:Body>' +
          '<nod:paGetPaymentsByDebtorRequest><idPSP>60000000001</idPSP><idBrokerPSP>60000000001</idBrokerPSP><idChannel>60000000001_01</idChannel><password>pwdpwdpwd</password>' +
          `<debtor><entityUniqueIdentifierType>${d.type}</entityUniqueIdentifierType><entityUniqueIdentifierValue>${d.fiscalCode}</entityUniqueIdentifierValue></debtor>` +
          '</nod:paGetPaymentsByDebtorRequest></soapenv:Body></soapenv:Envelope>';
        ctx.sentAt = performance.now();
        return req;
      },
      onResponse: (status: number, body: string, ctx: Ctx) =>
        op.record(performance.now() - ctx.sentAt, status, status === 200 && isOutcomeOk(body) && body.includes('<position>'), () => describeKo(status, body)),
    }),
  ];
}

export function pullRestRequests(stats: RunStats): autocannon.Request[] {
  const op = stats.op('GET payment-notices');
  return [
    request({
      method: 'GET',
      path: REST_PATH,
      setupRequest: (req: autocannon.Request, ctx: Ctx) => {
        // PULL serves natural persons only (16-character tax codes)
        let d = debtor(pick());
        while (d.type !== 'F') d = debtor(pick());
        req.headers = { 'x-tax-code': d.fiscalCode };
        ctx.sentAt = performance.now();
        return req;
      },
      onResponse: (status: number, body: string, ctx: Ctx) =>
        op.record(performance.now() - ctx.sentAt, status, status === 200 && body.startsWith('[{'), () => `${status} ${body.slice(0, 200)}`),
    }),
  ];
}
