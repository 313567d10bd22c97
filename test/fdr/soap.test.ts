/**
 * FdR over SOAP (spec reporting.md §5, §9): a PSP sends flows with nodoInviaFlussoRendicontazione (nodeForPsp
 * WSDL), an EC lists and reads them with nodoChiediElencoFlussiRendicontazione / nodoChiediFlussoRendicontazione
 * through node-soap built from the served /node-for-pa/v1?wsdl. Every answer is validated against the official
 * nodoPerPsp.xsd / nodeForPa.xsd, every decoded flow against the official FlussoRiversamento_1_0_4.xsd.
 * The overwrite rule, and the list's 30-day window on the injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { decodeAndValidate, parseDocument } from '../helpers/documents';
import { startServer, type RunningServer } from '../helpers/server';
import { advanceClock, NodeForPsp } from '../helpers/soap';
import { stopXerces } from '../helpers/xerces';
import { EC_TE, EXAMPLE_ROWS, flowDocument, inviaArgs, OFFICIAL_FLOW_XSD, PA_CREDS, PSP_CREDS, romeDay } from './soapFlows';

afterAll(stopXerces);

interface Listed {
  totRestituiti: string;
  idRendicontazione?: { identificativoFlusso: string; dataOraFlusso: string }[];
}

describe.each(DATABASE_IDS)('FdR over SOAP on %s', (_id, database) => {
  let server: RunningServer;
  let psp: NodeForPsp;
  let pa: NodeForPsp;
  const today = romeDay();
  const name = (n: string) => `${today}${PSP_CREDS.identificativoPSP}-${n}`;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    psp = await NodeForPsp.connect(server.wsdlUrl);
    pa = await NodeForPsp.connect(`${server.baseUrl}/node-for-pa/v1?wsdl`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const invia = (args: object) => psp.call('nodoInviaFlussoRendicontazione', args);
  const elenco = (args: object = {}) => pa.call('nodoChiediElencoFlussiRendicontazione', { ...PA_CREDS, identificativoDominio: EC_TE, ...args });
  const chiedi = (id: string, args: object = {}) => pa.call('nodoChiediFlussoRendicontazione', { ...PA_CREDS, identificativoDominio: EC_TE, ...args, identificativoFlusso: id });
  /** the list as written on the wire (node-soap would turn dataOraFlusso into a Date in the client's zone) */
  const listed = (r: Awaited<ReturnType<typeof elenco>>) => {
    const doc = parseDocument(r.raw, ['idRendicontazione']) as { Envelope: { Body: { nodoChiediElencoFlussiRendicontazioneRisposta: { elencoFlussiRendicontazione?: Listed } } } };
    return doc.Envelope.Body.nodoChiediElencoFlussiRendicontazioneRisposta.elencoFlussiRendicontazione;
  };

  it('serves the nodeForPa WSDL with both operations, addressed to this server', async () => {
    const res = await fetch(`${server.baseUrl}/node-for-pa/v1?wsdl`);
    expect(res.status).toBe(200);
    const wsdl = await res.text();
    expect(wsdl).toContain('soapAction="nodoChiediElencoFlussiRendicontazione"');
    expect(wsdl).toContain('soapAction="nodoChiediFlussoRendicontazione"');
    expect(wsdl).toContain(`location="${server.baseUrl}/node-for-pa/v1"`);
  });

  it('§9: a flow sent with invia is listed by elenco and read back, byte for byte, by chiedi', async () => {
    const id = name('0001');
    const document = flowDocument({ id, dataOraFlusso: `${today}T06:30:00` });
    const sent = await invia(inviaArgs({ id, dataOraFlusso: `${today}T06:30:00`, document }));
    expect(sent.result.fault).toBeUndefined();
    expect(sent.result.esito).toBe('OK');
    expect(sent.raw).toMatch(/<ppt:nodoInviaFlussoRendicontazioneRisposta><esito>OK<\/esito><\/ppt:nodoInviaFlussoRendicontazioneRisposta>/);

    const list = await elenco({ identificativoPSP: PSP_CREDS.identificativoPSP });
    expect(list.result.fault).toBeUndefined();
    expect(list.raw).not.toContain('<esito>');
    expect(listed(list)).toEqual({ totRestituiti: '1', idRendicontazione: [{ identificativoFlusso: id, dataOraFlusso: `${today}T06:30:00` }] });

    const read = await chiedi(id);
    expect(read.result.fault).toBeUndefined();
    expect(Buffer.from(read.result.xmlRendicontazione as string, 'base64').toString('utf8')).toBe(document);
    const xml = await decodeAndValidate(read.result.xmlRendicontazione, OFFICIAL_FLOW_XSD);
    const flow = (parseDocument(xml, ['datiSingoliPagamenti']) as { FlussoRiversamento: { datiSingoliPagamenti: { identificativoUnivocoRiscossione: string }[] } })
      .FlussoRiversamento;
    expect(flow.datiSingoliPagamenti.map((p) => p.identificativoUnivocoRiscossione)).toEqual(EXAMPLE_ROWS.map((r) => r.iur));
  });

  it('without a domain: the flows of every EC of the broker; an EC without flows gets totRestituiti 0', async () => {
    const all = await elenco({ identificativoDominio: undefined });
    expect(listed(all)!.idRendicontazione!.map((i) => i.identificativoFlusso)).toContain(name('0001'));
    const other = await pa.call('nodoChiediElencoFlussiRendicontazione', {
      identificativoIntermediarioPA: '66666666666',
      identificativoStazioneIntermediarioPA: '66666666666_01',
      password: 'pwdpwdpwd',
      identificativoDominio: '66666666666',
    });
    expect(other.result.fault).toBeUndefined();
    expect(listed(other)).toEqual({ totRestituiti: '0' });
  });

  it('the journal files the EC reads under the domain, with the XML of both exchanges', async () => {
    for (const operation of ['nodoChiediElencoFlussiRendicontazione', 'nodoChiediFlussoRendicontazione']) {
      const res = await fetch(`${server.baseUrl}/admin/journal?fiscalCode=${EC_TE}&operation=${operation}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { total: number; items: { id: number; operation: string }[] };
      expect(page.total).toBeGreaterThan(0);
      const entry = page.items[0]!;
      expect(entry.operation).toBe(operation);
      const request = await (await fetch(`${server.baseUrl}/admin/journal/${entry.id}/request.xml`)).text();
      expect(request).toContain(`<identificativoDominio>${EC_TE}</identificativoDominio>`);
      const response = await (await fetch(`${server.baseUrl}/admin/journal/${entry.id}/response.xml`)).text();
      expect(response).toContain(`${operation}Risposta`);
    }
  });

  describe('the overwrite rule (§5.3 steps 5–6)', () => {
    const id = name('0002');
    const first = `${today}T08:00:00`;

    it('a first version is stored', async () => {
      const r = await invia(inviaArgs({ id, dataOraFlusso: first }));
      expect(r.result.esito).toBe('OK');
    });

    it('the same dataOraFlusso again → PPT_SEMANTICA "gia\' presente", with LocalDateTime.toString()', async () => {
      const r = await invia(inviaArgs({ id, dataOraFlusso: first }));
      expect(r.result.esito).toBe('KO');
      expect(r.result.fault).toMatchObject({
        faultCode: 'PPT_SEMANTICA',
        faultString: 'Errore semantico.',
        description: `flusso di rendicontazione gia' presente(identificativo PSP 60000000001, identificativo flusso ${id}, data - ora ${today}T08:00)`,
      });
    });

    it('an earlier dataOraFlusso → "Esiste già un file … più aggiornato"', async () => {
      const r = await invia(inviaArgs({ id, dataOraFlusso: `${today}T07:59:59` }));
      expect(r.result.fault).toMatchObject({
        faultCode: 'PPT_SEMANTICA',
        description: `Esiste già un file con identificativoFlusso [${id}] più aggiornato con dataOraFlusso [${today}T08:00]`,
      });
    });

    it('a later one for another EC → "ha idDominio old[…], idDominio new […]"', async () => {
      const r = await invia(inviaArgs({ id, dataOraFlusso: `${today}T09:00:05.123`, ec: '66666666666' }));
      expect(r.result.fault).toMatchObject({
        faultCode: 'PPT_SEMANTICA',
        description: `Il file con identificativoFlusso [${id}] ha idDominio old[${EC_TE}], idDominio new [66666666666]`,
      });
    });

    it('a later one for the same EC replaces it: the list shows one entry at the new time, chiedi serves the new bytes', async () => {
      const later = `${today}T09:00:05`;
      const document = flowDocument({ id, dataOraFlusso: later, rows: [{ ...EXAMPLE_ROWS[0]!, code: '4' }], total: '100.00' });
      const r = await invia(inviaArgs({ id, dataOraFlusso: later, document }));
      expect(r.result.fault).toBeUndefined();
      expect(r.result.esito).toBe('OK');
      const entries = listed(await elenco())!.idRendicontazione!.filter((i) => i.identificativoFlusso === id);
      expect(entries).toEqual([{ identificativoFlusso: id, dataOraFlusso: later }]);
      const read = await chiedi(id);
      expect(Buffer.from(read.result.xmlRendicontazione as string, 'base64').toString('utf8')).toBe(document);
      // the same date once more is "gia' presente" with seconds printed
      const again = await invia(inviaArgs({ id, dataOraFlusso: later, document }));
      expect(again.result.fault!.description).toBe(
        `flusso di rendicontazione gia' presente(identificativo PSP 60000000001, identificativo flusso ${id}, data - ora ${today}T09:00:05)`,
      );
    });
  });

  it('the 30-day window: 31 days later the list is empty, chiedi (no window) still serves the flow', async () => {
    const before = listed(await elenco())!;
    expect(Number(before.totRestituiti)).toBeGreaterThan(0);
    expect((await advanceClock(server.baseUrl, 31 * 86_400_000)).status).toBe(200);
    expect(listed(await elenco())).toEqual({ totRestituiti: '0' });
    const read = await chiedi(name('0001'));
    expect(read.result.fault).toBeUndefined();
    expect(read.result.xmlRendicontazione).toBeDefined();
  });
});
