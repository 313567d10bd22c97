import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoPositions } from '../../src/ec/demoNotices';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, PSP, admin, freshNotice } from '../helpers/soap';

/** Pending-notice hints: on the journal rows of verify/activate and at /admin/debtors/{taxCode}/open-notices. */
interface JournalItem {
  operation: string;
  noticeNumber: string;
  outcome: string;
  debtorOpenNotices: number | null;
  debtorOpenAmountCents: number | null;
}

describe.each(DATABASE_IDS)('pending-notice hints on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  const [tari, mensa, cds] = demoPositions(new Date().getUTCFullYear());

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const journalOf = async (noticeNumber: string) => (await admin<{ items: JournalItem[] }>(server.baseUrl, `/admin/journal?noticeNumber=${noticeNumber}`)).body.items;

  it('GET /admin/debtors/{taxCode}/open-notices: count and total of the unpaid notices', async () => {
    const r = await admin(server.baseUrl, `/admin/debtors/${tari!.debtor.entityUniqueIdentifierValue}/open-notices`);
    // TARI: 3 installments of 120.00, MENSA: 150.50
    expect(r).toEqual({ status: 200, body: { taxCode: 'RSSMRA80A01H501U', count: 4, totalAmountCents: 51050, totalAmount: '510.50' } });
    expect((await admin(server.baseUrl, '/admin/debtors/ZZZZZZ00Z00Z000Z/open-notices')).body).toEqual({
      taxCode: 'ZZZZZZ00Z00Z000Z',
      count: 0,
      totalAmountCents: 0,
      totalAmount: '0.00',
    });
    expect((await admin(server.baseUrl, '/admin/debtors/bad-code/open-notices')).status).toBe(400);
  });

  it('verify and activate of a notice whose debtor owes others record the hint on the journal, not in the response', async () => {
    const nav = mensa!.options[0]!.noticeNumber;
    const v = await nodo.verify(nav);
    expect(v.result.outcome).toBe('OK');
    expect(v.raw).not.toMatch(/pending|open_notices|openNotices/i);
    const a = await nodo.activate(nav, { amount: '150.50' });
    expect(a.result.outcome).toBe('OK');
    const rows = await journalOf(nav);
    // the three TARI installments are the debtor's other open notices
    expect(rows.map((r) => [r.operation, r.outcome, r.debtorOpenNotices, r.debtorOpenAmountCents]).sort()).toEqual([
      ['activatePaymentNotice', 'OK', 3, 36000],
      ['verifyPaymentNotice', 'OK', 3, 36000],
    ]);
    expect((await nodo.outcome(a.result.paymentToken as string, 'OK')).result.outcome).toBe('OK');
    expect((await admin(server.baseUrl, `/admin/debtors/RSSMRA80A01H501U/open-notices`)).body).toMatchObject({ count: 3, totalAmountCents: 36000 });
  });

  it('no hint for a debtor without other notices, a synthetic notice, or a KO', async () => {
    const only = cds!.options[0]!.noticeNumber;
    expect((await nodo.verify(only)).result.outcome).toBe('OK');
    const synthetic = freshNotice();
    expect((await nodo.verify(synthetic)).result.outcome).toBe('OK');
    const ko = tari!.options[0]!.noticeNumber;
    expect((await nodo.verify(ko, { ...PSP, password: 'wrongpwd1' })).result.outcome).toBe('KO');
    for (const n of [only, synthetic, ko]) {
      const rows = await journalOf(n);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect([r.debtorOpenNotices, r.debtorOpenAmountCents]).toEqual([null, null]);
    }
  });
});
