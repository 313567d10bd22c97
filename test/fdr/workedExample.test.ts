/**
 * The worked example of spec reporting.md §9, replayed: PSP 60000000001 publishes the flow of 2025-03-10 for EC
 * 77777777777 over REST (a wrong sum first: FDR-4002 with its literal message), the EC reads it at 08:00Z over
 * REST (default windows) and over SOAP (nodeForPa, node-soap from the served WSDL), and the XML it gets is the
 * example's, valid against the official FlussoRiversamento_1_0_4.xsd. A flow published over REST is readable over
 * SOAP (spec §5.7) and the journal holds the EC's evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { decodeAndValidate, parseDocument } from '../helpers/documents';
import { expectOpenApiResponse } from '../helpers/openapi';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp } from '../helpers/soap';
import { stopXerces } from '../helpers/xerces';
import { FdrPspClient } from './pspClient';
import { OFFICIAL_FLOW_XSD, PA_CREDS } from './soapFlows';

afterAll(stopXerces);

const NAME = '2025-03-1160000000001-0001';
const EC = '77777777777';
const CREATE = {
  fdr: NAME,
  fdrDate: '2025-03-11T06:30:00Z',
  sender: { type: 'LEGAL_PERSON', id: '60000000001', pspId: '60000000001', pspName: 'Banca Esempio S.p.A.', pspBrokerId: '60000000001', channelId: '60000000001_01' },
  receiver: { id: EC, organizationId: EC, organizationName: 'Comune di Esempio' },
  regulation: 'SCT-20250311-000123',
  regulationDate: '2025-03-11',
  bicCodePouringBank: 'BNKAITRRXXX',
  totPayments: 3,
  sumPayments: 147.84,
};
const PAYMENTS = [
  { index: 1, iuv: '02000000000000101', iur: 'c110729d258c4ab1b765fe902aae41d6', idTransfer: 1, pay: 100.0, payStatus: 'EXECUTED', payDate: '2025-03-10T09:15:00Z' },
  { index: 2, iuv: '02000000000000202', iur: '0f8e2b3c4d5e6f708192a3b4c5d6e7f8', idTransfer: 1, pay: 35.5, payStatus: 'EXECUTED', payDate: '2025-03-10T11:02:41Z' },
  { index: 3, iuv: '02000000000000303', iur: '7a1c9e0b5d2f4c3a8e6b1d0f9a2c4e6b', idTransfer: 1, pay: 12.34, payStatus: 'EXECUTED', payDate: '2025-03-10T17:45:09Z' },
];
const ORG_SPEC = 'pagopa-api/openapi/fdr_organization.json';

describe.each(DATABASE_IDS)('the worked example of reporting.md §9 on %s', (_id, database) => {
  let server: RunningServer;
  let psp: FdrPspClient;
  let pa: NodeForPsp;

  const setClock = async (at: string) => {
    const res = await fetch(`${server.baseUrl}/admin/clock/set`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ at }) });
    expect(res.status).toBe(200);
  };
  const org = async (path: string, template: string) => {
    const res = await fetch(`${server.baseUrl}/fdr-org/service/v1${path}`, { headers: { 'Ocp-Apim-Subscription-Key': 'demo-ec-77777777777' } });
    const body = (await res.json()) as any;
    expectOpenApiResponse(ORG_SPEC, template, 'get', res.status, body);
    return { status: res.status, body };
  };

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    psp = new FdrPspClient(server.baseUrl);
    pa = await NodeForPsp.connect(`${server.baseUrl}/node-for-pa/v1?wsdl`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the PSP publishes over REST; a wrong sumPayments is FDR-4002 first', async () => {
    await setClock('2025-03-11T06:20:00Z');
    // the example's note: with sumPayments 147.85 the publication is refused
    expect((await psp.create(NAME, { ...CREATE, sumPayments: 147.85 })).status).toBe(201);
    expect((await psp.add(NAME, PAYMENTS)).status).toBe(200);
    const wrong = await psp.publish(NAME);
    expect([wrong.status, wrong.body.appErrorCode, wrong.body.errors]).toEqual([
      400,
      'FDR-4002',
      [{ message: `On flow with ID [${NAME}], an amount of [147.85] euro for all payments were defined to be added but [147.84] is actually calculated.` }],
    ]);
    expect((await psp.deleteDraft(NAME)).body).toEqual({ message: `Fdr [${NAME}] deleted` });

    await setClock('2025-03-11T06:30:12.101Z');
    expect(await psp.create(NAME, CREATE)).toMatchObject({ status: 201, body: { message: `Fdr [${NAME}] saved` } });
    expect(await psp.add(NAME, PAYMENTS)).toMatchObject({ status: 200, body: { message: `Fdr [${NAME}] payment added` } });
    await setClock('2025-03-11T06:31:02.417Z');
    expect(await psp.publish(NAME)).toMatchObject({ status: 200, body: { message: `Fdr [${NAME}] published` } });
  });

  it('the EC reads it over REST at 08:00Z with the default windows', async () => {
    await setClock('2025-03-11T08:00:00Z');
    const list = await org(`/organizations/${EC}/fdrs?pspId=60000000001`, '/organizations/{organizationId}/fdrs');
    expect(list).toEqual({
      status: 200,
      body: {
        metadata: { pageSize: 1000, pageNumber: 1, totPage: 1 },
        count: 1,
        // the injected clock was set to 06:31:02.417 and runs on: the publication is a moment later
        data: [{ fdr: NAME, pspId: '60000000001', revision: 1, published: expect.stringMatching(/^2025-03-11T06:31:0\d\.\d{3}Z$/), flowDate: '2025-03-11T06:30:00Z' }],
      },
    });
    const single = await org(`/organizations/${EC}/fdrs/${NAME}/revisions/1/psps/60000000001`, '/organizations/{organizationId}/fdrs/{fdr}/revisions/{revision}/psps/{pspId}');
    expect(single.body).toMatchObject({
      status: 'PUBLISHED',
      revision: 1,
      created: expect.stringMatching(/^2025-03-11T06:30:1\d\.\d{3}Z$/),
      updated: list.body.data[0].published,
      fdr: NAME,
      fdrDate: '2025-03-11T06:30:00Z',
      regulation: 'SCT-20250311-000123',
      regulationDate: '2025-03-11',
      bicCodePouringBank: 'BNKAITRRXXX',
      published: list.body.data[0].published,
      computedTotPayments: 3,
      computedSumPayments: 147.84,
      totPayments: 3,
      sumPayments: 147.84,
    });
    const payments = await org(
      `/organizations/${EC}/fdrs/${NAME}/revisions/1/psps/60000000001/payments`,
      '/organizations/{organizationId}/fdrs/{fdr}/revisions/{revision}/psps/{pspId}/payments',
    );
    expect(payments.body.count).toBe(3);
    expect(payments.body.data.map((p: { iur: string }) => p.iur)).toEqual(PAYMENTS.map((p) => p.iur));
  });

  it('the EC reads the same flow over SOAP: the list, then the XML of the example', async () => {
    const listed = await pa.call('nodoChiediElencoFlussiRendicontazione', { ...PA_CREDS, identificativoDominio: EC, identificativoPSP: '60000000001' });
    // as written on the wire (node-soap would turn dataOraFlusso into a Date in the client's zone)
    const wire = parseDocument(listed.raw as string, ['idRendicontazione']) as {
      Envelope: { Body: { nodoChiediElencoFlussiRendicontazioneRisposta: { elencoFlussiRendicontazione: unknown } } };
    };
    expect(wire.Envelope.Body.nodoChiediElencoFlussiRendicontazioneRisposta.elencoFlussiRendicontazione).toEqual({
      totRestituiti: '1',
      idRendicontazione: [{ identificativoFlusso: NAME, dataOraFlusso: '2025-03-11T06:30:00' }],
    });
    const answer = (await pa.call('nodoChiediFlussoRendicontazione', { ...PA_CREDS, identificativoDominio: EC, identificativoPSP: '60000000001', identificativoFlusso: NAME }))
      .result;
    expect(answer.fault).toBeUndefined();
    const xml = await decodeAndValidate(answer.xmlRendicontazione, OFFICIAL_FLOW_XSD);
    const doc = parseDocument(xml.replace(/pay_i:/g, ''), ['datiSingoliPagamenti']) as { FlussoRiversamento: Record<string, unknown> };
    expect(doc.FlussoRiversamento).toMatchObject({
      versioneOggetto: '1.1',
      identificativoFlusso: NAME,
      dataOraFlusso: '2025-03-11T06:30:00Z',
      identificativoUnivocoRegolamento: 'SCT-20250311-000123',
      dataRegolamento: '2025-03-11',
      codiceBicBancaDiRiversamento: 'BNKAITRRXXX',
      numeroTotalePagamenti: '3',
      importoTotalePagamenti: '147.84',
    });
    expect((doc.FlussoRiversamento.datiSingoliPagamenti as Record<string, string>[])[0]).toEqual({
      identificativoUnivocoVersamento: '02000000000000101',
      identificativoUnivocoRiscossione: 'c110729d258c4ab1b765fe902aae41d6',
      indiceDatiSingoloPagamento: '1',
      singoloImportoPagato: '100.00',
      codiceEsitoSingoloPagamento: '0',
      dataEsitoSingoloPagamento: '2025-03-10',
    });
  });

  it("the journal holds the evidence: the EC's REST and SOAP reads under the EC, the PSP's publications with their FDR codes", async () => {
    const res = await fetch(`${server.baseUrl}/admin/journal?fiscalCode=${EC}&limit=100`);
    const ops = ((await res.json()) as { items: { operation: string; outcome: string }[] }).items.map((i) => i.operation);
    expect(ops).toEqual(
      expect.arrayContaining(['fdr-org.getAllPublishedFlows', 'fdr-org.getSinglePublishedFlow', 'nodoChiediElencoFlussiRendicontazione', 'nodoChiediFlussoRendicontazione']),
    );
    const psp = await fetch(`${server.baseUrl}/admin/journal?operation=fdr-psp.publishFlow&limit=10`);
    const rows = ((await psp.json()) as { items: { faultCode: string | null; outcome: string }[] }).items;
    expect(rows.map((r) => [r.outcome, r.faultCode]).sort()).toEqual([
      ['KO', 'FDR-4002'],
      ['OK', null],
    ]);
  });
});
