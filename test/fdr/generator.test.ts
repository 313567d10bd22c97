import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { narrowedWithout } from '../helpers/crossChecks';
import { assertValidDocument } from '../helpers/xsd';
import { REFERENCE_DIR } from '../helpers/openapi';
import { startServer, type RunningServer } from '../helpers/server';
import { admin, NodeForPsp } from '../helpers/soap';
import { EC, EC2 } from '../receipts/helpers';
import { generate, orgGet, payADay, PSP_ID, type PaidDay } from './paidDay';
import path from 'node:path';

const FLOW_XSD = path.join(REFERENCE_DIR, 'pagopa-api/xsd-common/FlussoRiversamento_1_0_4.xsd');

/** yyyy-MM-dd in Rome of an instant */
const romeDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(ms));

/**
 * generateReportingFlows (spec reporting.md §6, §8): the node's own OK payments of a day become one published
 * flow per (PSP, receiving EC), readable by the EC over fdr-org, valid against the official FlussoRiversamento
 * XSD, and the GPD transfers they name become reported. Running it again makes nothing twice.
 */
describe.each(DATABASE_IDS)('reporting flows generated from receipts on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let day: PaidDay;
  let payDay: string;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    payDay = romeDay(Date.now());
    day = await payADay(server.baseUrl, nodo);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('makes one flow per (PSP, EC) for yesterday, named <D+1><idPSP>-<seq>, one row per transfer', async () => {
    const r = await generate(server.baseUrl);
    expect(r.status).toBe(200);
    expect(r.body.date).toBe(payDay);
    const next = new Date(Date.parse(`${payDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(r.body.flows.map((f) => [f.pspId, f.organizationId, f.payments, f.sumCents, f.revision])).toEqual([
      [PSP_ID, EC, 3, 6500, 1],
      [PSP_ID, EC2, 1, 500, 1],
    ]);
    expect(r.body.flows.map((f) => f.fdr)).toEqual([`${next}${PSP_ID}-0001`, `${next}${PSP_ID}-0002`]);
    // the two archive notices' transfers (2 + 1 + the secondary EC's 1); the remote notice is not in the archive
    expect(r.body.flows.reduce((s, f) => s + f.reportedTransfers, 0)).toBe(4);
  });

  it('running it again for that day makes nothing twice', async () => {
    const r = await generate(server.baseUrl, { date: payDay });
    expect(r.status).toBe(200);
    expect(r.body.processed).toBe(0);
    expect(r.body.skipped.map((s) => s.organizationId)).toEqual([EC, EC2]);
  });

  it('the EC reads its flow with the right rows; the secondary EC gets its transfer under the primary IUV', async () => {
    const list = await orgGet(server.baseUrl, `/organizations/${EC}/fdrs`, 'demo-ec-66666666666');
    expect(list.status).toBe(200);
    expect(list.json.count).toBe(1);
    const { fdr, revision } = list.json.data[0];
    const pays = await orgGet(server.baseUrl, `/organizations/${EC}/fdrs/${fdr}/revisions/${revision}/psps/${PSP_ID}/payments`, 'demo-ec-66666666666');
    expect(pays.status).toBe(200);
    expect(pays.json.data.map((p: any) => [p.index, p.iuv, p.iur, p.idTransfer, p.pay, p.payStatus])).toEqual([
      [1, day.multi.iuv, day.multi.token, 1, 20, 'EXECUTED'],
      [2, day.single.iuv, day.single.token, 1, 15, 'EXECUTED'],
      [3, day.remote.iuv, day.remote.token, 1, 30, 'EXECUTED'],
    ]);
    expect(pays.text).toContain('"pay":20.00');
    const second = await orgGet(server.baseUrl, `/organizations/${EC2}/fdrs`, 'demo-ec-88888888888');
    expect(second.json.count).toBe(1);
    const p2 = await orgGet(server.baseUrl, `/organizations/${EC2}/fdrs/${second.json.data[0].fdr}/revisions/1/psps/${PSP_ID}/payments`, 'demo-ec-88888888888');
    expect(p2.json.data.map((p: any) => [p.iuv, p.iur, p.idTransfer, p.pay])).toEqual([[day.multi.iuv, day.multi.token, 2, 5]]);
    const one = await orgGet(server.baseUrl, `/organizations/${EC}/fdrs/${fdr}/revisions/1/psps/${PSP_ID}`, 'demo-ec-66666666666');
    expect(one.json).toMatchObject({ status: 'PUBLISHED', totPayments: 3, sumPayments: 65, computedTotPayments: 3, regulationDate: fdr.slice(0, 10) });
    expect(one.json.sender).toMatchObject({ type: 'LEGAL_PERSON', pspId: PSP_ID });
  });

  it('biz-events gives the EC the receipt of every row by its IUR (reconciliation: spec §1, §7)', async () => {
    for (const paid of [day.multi, day.single, day.remote]) {
      const res = await fetch(`${server.baseUrl}/bizevents/service/v1/organizations/${EC}/receipts/${paid.token}`, {
        headers: { 'Ocp-Apim-Subscription-Key': 'demo-ec-66666666666' },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ receiptId: paid.token, noticeNumber: paid.nav, creditorReferenceId: paid.iuv, outcome: 'OK' });
    }
  });

  it("the flow's XML is valid against the official FlussoRiversamento_1_0_4.xsd", async () => {
    const flows = await admin<{ items: { id: number; fdr: string; organizationId: string; origin: string }[] }>(server.baseUrl, '/admin/reporting/flows');
    expect(flows.body.items.map((f) => f.origin)).toEqual(['GENERATED', 'GENERATED']);
    for (const f of flows.body.items) {
      const detail = await admin<{ payments: { iur: string }[]; status: string }>(server.baseUrl, `/admin/reporting/flows/${f.id}`);
      expect(detail.body.status).toBe('PUBLISHED');
      expect(detail.body.payments.length).toBe(f.organizationId === EC ? 3 : 1);
      const res = await fetch(`${server.baseUrl}/admin/reporting/flows/${f.id}/flow.xml`);
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).toContain(`<pay_i:identificativoFlusso>${f.fdr}</pay_i:identificativoFlusso>`);
      // the official schema is a cross-check: without ../shared the test still reads the XML
      if (!narrowedWithout('reference')) await assertValidDocument(xml, FLOW_XSD);
    }
  });

  it('GPD shows the paid archive positions REPORTED, their options PO_REPORTED and transfers T_REPORTED', async () => {
    for (const n of [day.multi, day.single]) {
      const res = await fetch(`${server.baseUrl}/gpd/debt-positions-service/v1/organizations/${EC}/debtpositions/IUPD-RCPT-${n.nav}`, {
        headers: { 'Ocp-Apim-Subscription-Key': 'demo-ec-66666666666' },
      });
      const p = (await res.json()) as any;
      expect(p.status).toBe('REPORTED');
      expect(p.paymentOption.map((o: any) => o.status)).toEqual(['PO_REPORTED']);
      expect(p.paymentOption[0].transfer.every((t: any) => t.status === 'T_REPORTED')).toBe(true);
    }
  });

  it('refuses a body that is not {"date":"YYYY-MM-DD"} with a problem, not a 5xx', async () => {
    for (const body of [{ date: '2025-02-30' }, { date: 20250101 }, { day: '2025-01-01' }]) {
      const r = await generate(server.baseUrl, body);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toMatch(/date|field/);
    }
  });
});
