import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, advanceClock, freshNotice, runJob, type SoapResult } from '../helpers/soap';
import { DAY_MS, generate, orgGet, PSP_ID } from './paidDay';

const EC = '66666666666';
const KEY = 'demo-ec-66666666666';

/**
 * Late outcomes in the generated flows (issue 14 item 5, spec reporting.md §2, §6, pagopa-node.md §8.5): a late OK
 * the node accepted (PPT_TOKEN_SCADUTO, nobody else paid the notice) moved money to the EC and is reported
 * EXECUTED; a late OK refused as a duplicate (PPT_PAGAMENTO_DUPLICATO: the notice was re-activated and paid by
 * another token) is the PSP's to refund, moved nothing to the EC, and is not in the flow: only the payment that
 * did pay the notice is.
 */
describe.each(DATABASE_IDS)('late outcomes in the generated flows on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  const token = (r: { result: SoapResult }) => r.result.paymentToken as string;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('an accepted late OK is EXECUTED; a refused late duplicate is left out, the payment that paid the notice is in', async () => {
    // a late OK the node accepts
    const lateNotice = freshNotice();
    const late = await nodo.activate(lateNotice, { expirationTime: 1000 });
    // a late OK refused as a duplicate: the notice was activated again and paid meanwhile
    const dupNotice = freshNotice();
    const first = await nodo.activate(dupNotice, { expirationTime: 1000 });
    await advanceClock(server.baseUrl, 2000);
    await runJob(server.baseUrl, 'mod3CancelV2');
    expect((await nodo.outcome(token(late), 'OK')).result.fault?.faultCode).toBe('PPT_TOKEN_SCADUTO');
    const second = await nodo.activate(dupNotice);
    expect((await nodo.outcome(token(second), 'OK')).result.outcome).toBe('OK');
    expect((await nodo.outcome(token(first), 'OK')).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');

    expect((await advanceClock(server.baseUrl, DAY_MS)).status).toBe(200);
    const made = await generate(server.baseUrl);
    expect(made.status).toBe(200);
    const list = await orgGet(server.baseUrl, `/organizations/${EC}/fdrs`, KEY);
    expect(list.json.count).toBe(1);
    const { fdr, revision } = list.json.data[0];
    const pays = await orgGet(server.baseUrl, `/organizations/${EC}/fdrs/${fdr}/revisions/${revision}/psps/${PSP_ID}/payments`, KEY);
    const rows = (pays.json.data as { iur: string; iuv: string; payStatus: string }[]).map((p) => [p.iur, p.iuv, p.payStatus]);
    expect(rows).toEqual(
      expect.arrayContaining([
        [token(late), lateNotice.slice(1), 'EXECUTED'],
        [token(second), dupNotice.slice(1), 'EXECUTED'],
      ]),
    );
    expect(rows.map(([iur]) => iur)).not.toContain(token(first));
    expect(rows).toHaveLength(2);
  });
});
