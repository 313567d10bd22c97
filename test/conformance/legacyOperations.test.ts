/**
 * The legacy operations nodeForPsp.wsdl still declares, in the ws.pagamenti.telematici.gov namespace
 * (nodoPerPsp.xsd): nodoChiediInformativaPA, nodoChiediTemplateInformativaPSP (deprecated since SANP
 * 3.5) and nodoInviaFlussoRendicontazione (its syntax and credential faults here; the flows in test/fdr/). Black box, with
 * node-soap built from the served WSDL; every answer validated against the official nodoPerPsp.xsd, its
 * `risposta` shape (fault first, esito after, no outcome) asserted on the wire, and the base64 documents
 * decoded and validated against pagoPA's CatalogoDatiInformativi.xsd / TemplateInformativa_1_0_11.xsd.
 * Last, the served WSDL against the official one: every operation, with the same SOAPAction and elements.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { FAULT_STRINGS, type FaultCode } from '../../src/nodo/faults';
import { NODE_ID } from '../helpers/conformance';
import { narrowedWithout, REFERENCE_DIR } from '../helpers/crossChecks';
import { DATABASE_IDS } from '../helpers/databases';
import { decodeAndValidate, OFFICIAL_DOCUMENT_XSD, parseDocument } from '../helpers/documents';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, postSoap, type SoapResult } from '../helpers/soap';
import { stopXerces } from '../helpers/xerces';

afterAll(stopXerces);

const PPT_NS = 'http://ws.pagamenti.telematici.gov/';
const CREDENZIALI = { identificativoPSP: '60000000001', identificativoIntermediarioPSP: '60000000001', identificativoCanale: '60000000001_01', password: 'pwdpwdpwd' };
type Credenziali = typeof CREDENZIALI;
const { identificativoPSP: _psp, ...SENZA_PSP } = CREDENZIALI;

/** A KO in the risposta style: the node's fault bean, no outcome, no payload. */
function expectRispostaFault(result: SoapResult, code: FaultCode, description: string = FAULT_STRINGS[code]): void {
  expect(result.outcome).toBeUndefined();
  expect(result.fault).toEqual({ faultCode: code, faultString: FAULT_STRINGS[code], id: NODE_ID, description });
  expect(result.xmlInformativa).toBeUndefined();
  expect(result.xmlTemplateInformativa).toBeUndefined();
}

/** `<fault>` is the first child of the wrapper, `<esito>` (when present) right after it, no `<outcome>` anywhere. */
function expectRispostaShape(raw: string, wrapper: string, esito?: 'OK' | 'KO'): void {
  const inner = new RegExp(`<ppt:${wrapper}>(.*)</ppt:${wrapper}>`, 's').exec(raw)?.[1];
  expect(inner).toBeDefined();
  expect(inner).not.toContain('<outcome>');
  if (esito === 'KO') expect(inner).toMatch(/^<fault>.*<\/fault><esito>KO<\/esito>$/s);
  else if (esito === undefined) expect(inner).toMatch(/^<fault>.*<\/fault>$/s);
}

interface InformativaDetail {
  identificativoIntermediario: string;
  identificativoCanale: string;
  tipoVersamento: string;
  modelloPagamento: string;
  priorita: string;
  canaleApp: string;
  listaInformazioniServizio: { informazioniServizio: Record<string, string>[] };
  costiServizio: Record<string, unknown>;
}
interface InformativaPsp {
  identificativoFlusso: string;
  identificativoPSP: string;
  ragioneSociale: string;
  codiceABI?: string;
  codiceBIC?: string;
  mybankIDVS?: string;
  informativaMaster: Record<string, string>;
  listaInformativaDetail: { informativaDetail: InformativaDetail[] };
}
const REPEATED_DETAILS = ['informativaDetail', 'informazioniServizio', 'fasciaCostoServizio'];

/** The demo PSP's channels and their stModelloPagamento (4 started at the PSP, 0 immediate, 1 multi-beneficiary, 2 deferred). */
const MODELS_60000000001 = {
  '60000000001_01': '4',
  '60000000001_03': '1',
  '60000000001_04': '0',
  '60000000001_06': '2',
  '60000000001_07': '0',
  '60000000001_08': '4',
};
const modelsOf = (p: InformativaPsp) => Object.fromEntries(p.listaInformativaDetail.informativaDetail.map((d) => [d.identificativoCanale, d.modelloPagamento]));

describe.each(DATABASE_IDS)('legacy operations on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('nodoChiediInformativaPA', () => {
    const ask = (args: object) => nodo.call('nodoChiediInformativaPA', args);

    async function informativa(result: SoapResult): Promise<InformativaPsp[]> {
      expect(result.fault).toBeUndefined();
      const xml = await decodeAndValidate(result.xmlInformativa, OFFICIAL_DOCUMENT_XSD.catalogoDatiInformativi);
      expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><listaInformativePSP>/);
      return (parseDocument(xml, ['informativaPSP', ...REPEATED_DETAILS]) as { listaInformativePSP: { informativaPSP: InformativaPsp[] } }).listaInformativePSP.informativaPSP;
    }

    it('with a PSP: the informativa of every enabled PSP that has an enabled channel, valid against CatalogoDatiInformativi.xsd', async () => {
      const { result, raw } = await ask(CREDENZIALI);
      expect(raw).toContain(`<ppt:nodoChiediInformativaPARisposta><xmlInformativa>`);
      const psps = await informativa(result);
      const codes = psps.map((p) => p.identificativoPSP);
      expect(codes).toEqual(expect.arrayContaining(['60000000001', '40000000001', 'POSTE3', 'POSTE1', '36892710904']));
      // disabled, and without any channel
      expect(codes).not.toContain('NOT_ENABLED');
      expect(codes).not.toContain('15376371009');
      const demo = psps.find((p) => p.identificativoPSP === '60000000001')!;
      expect(demo).toMatchObject({
        ragioneSociale: 'PSP di test',
        codiceABI: '60000',
        codiceBIC: 'PSPTITR1XXX',
        informativaMaster: { stornoPagamento: '0', marcaBolloDigitale: '0' },
      });
      expect(demo.identificativoFlusso).toMatch(/^60000000001_\d{4}-\d\d-\d\d$/);
      expect(demo.informativaMaster.dataPubblicazione).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(modelsOf(demo)).toEqual(MODELS_60000000001);
      expect(demo.listaInformativaDetail.informativaDetail[0]).toMatchObject({ identificativoIntermediario: '60000000001', tipoVersamento: 'PO', priorita: '1', canaleApp: '0' });
      // the PSP that may sell digital stamps says so
      expect(psps.find((p) => p.identificativoPSP === '36892710904')!.informativaMaster.marcaBolloDigitale).toBe('1');
    });

    it('without identificativoPSP (optional): the same document, after the broker, channel and password checks', async () => {
      const psps = await informativa((await ask(SENZA_PSP)).result);
      expect(psps.map((p) => p.identificativoPSP)).toEqual(expect.arrayContaining(['60000000001', 'POSTE3']));
    });

    it('with an identificativoDominio of the registry: OK', async () => {
      expect(await informativa((await ask({ ...CREDENZIALI, identificativoDominio: '66666666666' })).result)).not.toHaveLength(0);
    });

    it.each<[string, FaultCode, string | undefined, object]>([
      ['unknown identificativoDominio', 'PPT_DOMINIO_SCONOSCIUTO', undefined, { ...CREDENZIALI, identificativoDominio: '10000000000' }],
      ['disabled identificativoDominio', 'PPT_DOMINIO_DISABILITATO', undefined, { ...CREDENZIALI, identificativoDominio: '11111122223' }],
      ['unknown PSP', 'PPT_PSP_SCONOSCIUTO', undefined, { ...CREDENZIALI, identificativoPSP: 'PSPSCONOSCIUTO' }],
      ['disabled PSP', 'PPT_PSP_DISABILITATO', undefined, { ...CREDENZIALI, identificativoPSP: 'NOT_ENABLED' }],
      ['PSP not linked to the channel', 'PPT_AUTORIZZAZIONE', 'Configurazione psp-canale non corretta', { ...CREDENZIALI, identificativoPSP: 'POSTE3' }],
      ['no PSP, unknown broker', 'PPT_INTERMEDIARIO_PSP_SCONOSCIUTO', undefined, { ...SENZA_PSP, identificativoIntermediarioPSP: 'BROKERSCONOSCIUTO' }],
      ['no PSP, unknown channel', 'PPT_CANALE_SCONOSCIUTO', undefined, { ...SENZA_PSP, identificativoCanale: '60000000001_99' }],
      [
        'no PSP, disabled broker',
        'PPT_INTERMEDIARIO_PSP_DISABILITATO',
        undefined,
        { ...SENZA_PSP, identificativoIntermediarioPSP: 'INT_NOT_ENABLED', identificativoCanale: 'CANALE_NOT_ENABLED' },
      ],
      ['no PSP, wrong password', 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata', { ...SENZA_PSP, password: 'wrongpwd1' }],
      [
        'no PSP, broker 91000000001 with channel 60000000001_01',
        'PPT_AUTORIZZAZIONE',
        'Configurazione intermediario-canale non corretta',
        { ...SENZA_PSP, identificativoIntermediarioPSP: '91000000001' },
      ],
    ])('%s → %s in the risposta form (fault only)', async (_name, code, description, args) => {
      const { result, raw } = await ask(args);
      expectRispostaFault(result, code, description);
      expectRispostaShape(raw, 'nodoChiediInformativaPARisposta');
    });
  });

  describe('nodoChiediTemplateInformativaPSP', () => {
    const ask = (c: Credenziali) => nodo.call('nodoChiediTemplateInformativaPSP', c);

    async function template(result: SoapResult): Promise<InformativaPsp> {
      expect(result.fault).toBeUndefined();
      const xml = await decodeAndValidate(result.xmlTemplateInformativa, OFFICIAL_DOCUMENT_XSD.templateInformativa);
      expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><informativaPSP>/);
      return (parseDocument(xml, REPEATED_DETAILS) as { informativaPSP: InformativaPsp }).informativaPSP;
    }

    it("the calling PSP's template, prefilled from the registry, valid against TemplateInformativa_1_0_11.xsd", async () => {
      const t = await template((await ask(CREDENZIALI)).result);
      expect(t).toMatchObject({ identificativoPSP: '60000000001', ragioneSociale: 'PSP di test', codiceABI: '60000', codiceBIC: 'PSPTITR1XXX', mybankIDVS: 'DA_COMPILARE' });
      expect(t.informativaMaster).toMatchObject({ urlInformazioniPSP: 'DA_COMPILARE', logoPSP: 'DA_COMPILARE', stornoPagamento: '0' });
      expect(modelsOf(t)).toEqual(MODELS_60000000001);
      expect(t.listaInformativaDetail.informativaDetail[0]!.listaInformazioniServizio.informazioniServizio[0]).toMatchObject({
        codiceLingua: 'IT',
        disponibilitaServizio: 'DA_COMPILARE',
      });
    });

    it('a PSP without ABI and BIC in the registry gets them to fill in; only its own channels are listed', async () => {
      const t = await template(
        (await ask({ identificativoPSP: '40000000001', identificativoIntermediarioPSP: '40000000001', identificativoCanale: '40000000001_01', password: 'pwdpwdpwd' })).result,
      );
      expect(t).toMatchObject({ identificativoPSP: '40000000001', codiceABI: 'DA_COMPILARE', codiceBIC: 'DA_COMPILARE' });
      expect(Object.keys(modelsOf(t)).sort()).toEqual(['40000000001_01', '40000000002_01']);
    });

    it.each<[string, FaultCode, string | undefined, Partial<Credenziali>]>([
      ['unknown PSP', 'PPT_PSP_SCONOSCIUTO', undefined, { identificativoPSP: 'PSPSCONOSCIUTO' }],
      ['wrong password', 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata', { password: 'wrongpwd1' }],
      [
        'broker 91000000001 with channel 60000000001_01',
        'PPT_AUTORIZZAZIONE',
        'Configurazione intermediario-canale non corretta',
        { identificativoIntermediarioPSP: '91000000001' },
      ],
    ])('%s → %s in the risposta form', async (_name, code, description, over) => {
      const { result, raw } = await ask({ ...CREDENZIALI, ...over });
      expectRispostaFault(result, code, description);
      expectRispostaShape(raw, 'nodoChiediTemplateInformativaPSPRisposta');
    });
  });

  describe('nodoInviaFlussoRendicontazione', () => {
    const flow = {
      identificativoDominio: '66666666666',
      identificativoFlusso: '2026-11-2260000000001-0001',
      dataOraFlusso: '2026-11-22T10:00:00',
      xmlRendicontazione: Buffer.from('<flusso/>').toString('base64'),
    };
    const send = (c: Credenziali, f: object = flow) => nodo.call('nodoInviaFlussoRendicontazione', { ...c, ...f });

    it('a document that is no FlussoRiversamento: PPT_SINTASSI_XSD with the validator message, esito KO (never a SOAP Fault)', async () => {
      const { result, raw } = await send(CREDENZIALI);
      expect(result.fault).toMatchObject({ faultCode: 'PPT_SINTASSI_XSD', faultString: FAULT_STRINGS.PPT_SINTASSI_XSD, id: NODE_ID });
      expect(result.fault!.description).toMatch(/flusso/);
      expect(result.esito).toBe('KO');
      expectRispostaShape(raw, 'nodoInviaFlussoRendicontazioneRisposta', 'KO');
    });

    it('a wrong password → PPT_AUTENTICAZIONE, esito KO', async () => {
      const { result, raw } = await send({ ...CREDENZIALI, password: 'wrongpwd1' });
      expect(result.fault).toEqual({ faultCode: 'PPT_AUTENTICAZIONE', faultString: FAULT_STRINGS.PPT_AUTENTICAZIONE, id: NODE_ID, description: 'Password sconosciuta o errata' });
      expect(result.esito).toBe('KO');
      expectRispostaShape(raw, 'nodoInviaFlussoRendicontazioneRisposta', 'KO');
    });

    it('a dataOraFlusso that is no dateTime → PPT_SINTASSI_EXTRAXSD, esito KO, HTTP 200', async () => {
      const creds = Object.entries(CREDENZIALI)
        .map(([k, v]) => `<${k}>${v}</${k}>`)
        .join('');
      const r = await postSoap(
        server.soapUrl,
        `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ppt="${PPT_NS}"><soapenv:Body><ppt:nodoInviaFlussoRendicontazione>${creds}` +
          `<identificativoDominio>66666666666</identificativoDominio><identificativoFlusso>f1</identificativoFlusso><dataOraFlusso>ieri</dataOraFlusso><xmlRendicontazione>AAAA</xmlRendicontazione>` +
          '</ppt:nodoInviaFlussoRendicontazione></soapenv:Body></soapenv:Envelope>',
        'nodoInviaFlussoRendicontazione',
      );
      expect(r.status).toBe(200);
      expect(r.isFault).toBe(false);
      expect(r.element).toBe('nodoInviaFlussoRendicontazioneRisposta');
      expect(r.payload.fault).toMatchObject({ faultCode: 'PPT_SINTASSI_EXTRAXSD', description: expect.stringContaining('dataOraFlusso') });
      expect(r.payload.esito).toBe('KO');
      expectRispostaShape(r.body, 'nodoInviaFlussoRendicontazioneRisposta', 'KO');
    });

    it('the element in the nodeForPsp namespace instead of ws.pagamenti.telematici.gov → PPT_SINTASSI_EXTRAXSD naming the expected one', async () => {
      const r = await postSoap(
        server.soapUrl,
        `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:nod="http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd"><soapenv:Body><nod:nodoInviaFlussoRendicontazione/></soapenv:Body></soapenv:Envelope>`,
        'nodoInviaFlussoRendicontazione',
      );
      expect(r.payload.fault).toMatchObject({ faultCode: 'PPT_SINTASSI_EXTRAXSD', description: expect.stringContaining(`{${PPT_NS}}nodoInviaFlussoRendicontazione`) });
    });
  });

  it("the legacy path of pagoPA's test suite, /nodo-per-psp/v1, serves them too", async () => {
    const creds = Object.entries(CREDENZIALI)
      .map(([k, v]) => `<${k}>${v}</${k}>`)
      .join('');
    const r = await postSoap(
      `${server.baseUrl}/nodo-per-psp/v1`,
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ppt="${PPT_NS}"><soapenv:Body><ppt:nodoChiediTemplateInformativaPSP>${creds}</ppt:nodoChiediTemplateInformativaPSP></soapenv:Body></soapenv:Envelope>`,
      'nodoChiediTemplateInformativaPSP',
    );
    expect(r.status).toBe(200);
    expect(r.element).toBe('nodoChiediTemplateInformativaPSPRisposta');
    expect(r.payload.fault).toBeUndefined();
    await decodeAndValidate(r.payload.xmlTemplateInformativa, OFFICIAL_DOCUMENT_XSD.templateInformativa);
  });

  describe('the served WSDL', () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      removeNSPrefix: true,
      isArray: (n, _path, _leaf, isAttribute) => !isAttribute && ['operation', 'message'].includes(n),
    });
    type Wsdl = {
      definitions: {
        message: { name: string; part: { element: string } }[];
        portType: { operation: { name: string; input: { message: string }; output: { message: string } }[] };
        binding: { operation: { name: string; operation: { soapAction: string }[] }[] };
      };
    };
    /** operation → [SOAPAction, request element, response element], the elements as local names */
    const signatures = (w: Wsdl) => {
      const parts = new Map(w.definitions.message.map((m) => [m.name, m.part.element.replace(/^.*:/, '')]));
      const actions = new Map(w.definitions.binding.operation.map((o) => [o.name, o.operation[0]!.soapAction]));
      return Object.fromEntries(
        w.definitions.portType.operation.map((o) => [
          o.name,
          [actions.get(o.name), parts.get(o.input.message.replace(/^.*:/, '')), parts.get(o.output.message.replace(/^.*:/, ''))],
        ]),
      );
    };

    it("declares every operation of pagoPA's nodeForPsp.wsdl, same SOAPAction and elements, plus paGetPaymentsByDebtor", async () => {
      const served = signatures(parser.parse(await (await fetch(server.wsdlUrl)).text()) as Wsdl);
      expect(served.paGetPaymentsByDebtor).toEqual(['paGetPaymentsByDebtor', 'paGetPaymentsByDebtorRequest', 'paGetPaymentsByDebtorResponse']);
      const officialFile = path.join(REFERENCE_DIR, 'pagopa-api/wsdl/nodeForPsp.wsdl');
      if (narrowedWithout('reference', 'served WSDL')) return;
      const official = signatures(parser.parse(fs.readFileSync(officialFile, 'utf8')) as Wsdl);
      for (const [name, signature] of Object.entries(official)) expect([name, served[name]]).toEqual([name, signature]);
      expect(Object.keys(served).sort()).toEqual([...Object.keys(official), 'paGetPaymentsByDebtor'].sort());
    });
  });
});
