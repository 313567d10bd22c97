import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { NodeForPsp } from '../helpers/soap';
import { freshNav, pay, publishNotice, receipt, receiptsOf, startServerWithJobs, tokenOf, waitFor, writeRegistry } from './helpers';

/**
 * With the periodic jobs on, nobody needs to run paSendRt: the worker looks for due receipts every
 * `scheduler.paSendRt.intervalSeconds` and retries each after its backoff (`receipts.retryBackoffSeconds`).
 */
describe.each(DATABASE_IDS)('receipt retries by the periodic poll on %s', (_id, database) => {
  let server: Awaited<ReturnType<typeof startServerWithJobs>>;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    const registry = writeRegistry((doc) => {
      doc.configuration['receipts.retryBackoffSeconds'] = '1';
      doc.configuration['scheduler.paSendRt.intervalSeconds'] = 1;
    });
    server = await startServerWithJobs(await database.create(), ['--registry', registry]);
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('an EC failing twice gets the receipt on the third attempt, with no job run', async () => {
    const nav = freshNav('04');
    await publishNotice(server.baseUrl, nav, [{ cents: 1100 }]);
    await ec.queue('paSendRT', { noticeNumber: nav, action: 'http', httpStatus: 503, times: 2 });
    const { token } = await pay(nodo, nav, 1100, false);
    const [r] = await waitFor(
      'retries',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs[0]?.status === 'NOTIFIED',
      20_000,
    );
    expect(r!.attempts).toBe(3);
    expect((await receipt(server.baseUrl, r!.id)).attemptList!.map((a) => [a.result, a.faultCode])).toEqual([
      ['FAILURE', 'PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO'],
      ['FAILURE', 'PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO'],
      ['OK', null],
    ]);
    expect((await tokenOf(server.baseUrl, token)).status).toBe('NOTIFIED');
    expect((await ec.history(nav, 'paSendRT')).map((h) => h.httpStatus)).toEqual([503, 503, 200]);
  });
});
