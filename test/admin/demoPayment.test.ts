import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { admin } from '../helpers/soap';
import { waitFor } from '../receipts/helpers';

interface DemoPayment {
  noticeNumber: string;
  fiscalCode: string;
  token: string;
  amountCents: number;
  links: { payment: string; token: string; journal: string };
}
type Problem = { status: number; title: string; detail: string };

/**
 * POST /admin/demo-payment: a fresh demo notice, paid by the demo PSP through the node's own SOAP pipeline
 * (verify → activate → outcome OK), the EC calls to the mock EC included; a refused step is a 422 naming it.
 */
describe.each(DATABASE_IDS)('POST /admin/demo-payment on %s', (_id, database) => {
  let server: RunningServer;
  const pay = (body?: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    admin<DemoPayment & Problem>(server.baseUrl, '/admin/demo-payment', { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('publishes and pays a notice: 201 with its token and links, the whole flow journaled, the receipt delivered', async () => {
    const { status, body } = await pay({ amountCents: 2345 });
    expect(status).toBe(201);
    expect(body).toEqual({
      noticeNumber: expect.stringMatching(/^303\d{15}$/),
      fiscalCode: '66666666666',
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
      amountCents: 2345,
      links: { payment: `/#payments/${body.token}`, token: `/admin/tokens/${body.token}`, journal: `/admin/journal?noticeNumber=${body.noticeNumber}` },
    });
    const token = await admin<{ status: string; idPSP: string; idChannel: string; amountCents: number; noticeNumber: string }>(server.baseUrl, body.links.token);
    expect(token.body).toMatchObject({ idPSP: '60000000001', idChannel: '60000000001_01', amountCents: 2345, noticeNumber: body.noticeNumber });
    expect(['PAID', 'NOTIFIED']).toContain(token.body.status);
    // the receipt reaches the mock EC (station 66666666666_03), and the token is NOTIFIED
    await waitFor(
      'the receipt',
      () => admin<{ status: string }>(server.baseUrl, body.links.token).then((r) => r.body),
      (t) => t.status === 'NOTIFIED',
    );
    const journal = await admin<{ items: { operation: string; outcome: string; direction: string }[] }>(server.baseUrl, `${body.links.journal}&limit=50`);
    const ops = journal.body.items.map((j) => `${j.direction} ${j.operation} ${j.outcome}`).reverse();
    expect(ops).toEqual(expect.arrayContaining(['in verifyPaymentNotice OK', 'in activatePaymentNotice OK', 'in sendPaymentOutcome OK']));
    expect(ops.some((o) => /^out paGetPayment(V2)? OK$/.test(o))).toBe(true);
    expect(ops.indexOf('in verifyPaymentNotice OK')).toBeLessThan(ops.indexOf('in activatePaymentNotice OK'));
  });

  it('takes no body at all: 15.00 euro', async () => {
    const { status, body } = await pay(undefined, {});
    expect(status).toBe(201);
    expect(body.amountCents).toBe(1500);
  });

  it('a step the node refuses is a 422 naming the step and the fault; the notice stays published', async () => {
    const mock = mockEc(server.baseUrl);
    await mock.queue('paGetPayment', { action: 'fault', faultCode: 'PAA_PAGAMENTO_ANNULLATO', description: 'annullato dal test' });
    await mock.queue('paGetPaymentV2', { action: 'fault', faultCode: 'PAA_PAGAMENTO_ANNULLATO', description: 'annullato dal test' });
    try {
      const { status, body } = await pay({ amountCents: 100 });
      expect(status).toBe(422);
      expect(body.title).toBe('Unprocessable Entity');
      expect(body.detail).toMatch(/^activatePaymentNotice of notice 303\d{15} answered KO: PPT_ERRORE_EMESSO_DA_PAA \(.*FaultCode PA: PAA_PAGAMENTO_ANNULLATO/);
      const notice = /notice (\d{18})/.exec(body.detail)![1]!;
      const positions = await admin<{ total: number }>(server.baseUrl, `/admin/positions?search=${notice}`);
      expect(positions.body.total).toBe(1);
    } finally {
      await mock.clear();
    }
  });

  it.each<[string, unknown, Record<string, string>, number, string | RegExp]>([
    ['a zero amount', { amountCents: 0 }, { 'Content-Type': 'application/json' }, 400, 'amountCents must be an integer between 1 and 99999999'],
    ['a decimal amount', { amountCents: 1.5 }, { 'Content-Type': 'application/json' }, 400, 'amountCents must be an integer between 1 and 99999999'],
    ['an unknown field', { amount: 100 }, { 'Content-Type': 'application/json' }, 400, 'unknown field amount: the body takes amountCents and description'],
    ['an array', [1], { 'Content-Type': 'application/json' }, 400, 'the body must be a JSON object'],
    ['a long description', { description: 'x'.repeat(141) }, { 'Content-Type': 'application/json' }, 400, 'description must be 1 to 140 characters'],
    ['text/plain', { amountCents: 100 }, { 'Content-Type': 'text/plain' }, 415, /^Content-Type must be application\/json/],
  ])('refuses %s with problem JSON', async (_what, body, headers, status, detail) => {
    const r = await pay(body, headers);
    expect(r.status).toBe(status);
    expect(r.body.detail).toEqual(typeof detail === 'string' ? detail : expect.stringMatching(detail));
  });

  it('GET /admin/journal/{id}: one exchange as the list shows it; an unknown id is a 404 problem', async () => {
    const list = await admin<{ items: { id: number; operation: string }[] }>(server.baseUrl, '/admin/journal?operation=activatePaymentNotice&limit=1');
    const first = list.body.items[0]!;
    const one = await admin<{ id: number; operation: string; links: { request: string } }>(server.baseUrl, `/admin/journal/${first.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first);
    expect((await admin(server.baseUrl, '/admin/journal/999999999')).status).toBe(404);
    expect((await admin<Problem>(server.baseUrl, '/admin/journal/abc')).body.detail).toBe('no journal entry abc');
  });
});
