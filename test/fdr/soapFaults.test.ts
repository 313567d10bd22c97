/**
 * Every SOAP fault of spec reporting.md §5, with its literal faultString and description: nodoInviaFlussoRendicontazione
 * in the node's check order (syntax, PSP, domain, identifier, document schema, document vs envelope), and the
 * registry and lookup faults of nodoChiediElencoFlussiRendicontazione / nodoChiediFlussoRendicontazione (the
 * lookup before the credentials, a flow of another EC, an EC that takes its flows by SFTP). Black box, node-soap
 * from the served WSDLs, every answer validated against the official XSDs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FAULT_STRINGS, type FaultCode } from '../../src/nodo/faults';
import { NODE_ID, writeRegistryVariant } from '../helpers/conformance';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, postSoap, type SoapResult } from '../helpers/soap';
import { b64, EC_TE, EXAMPLE_ROWS, flowDocument, inviaArgs, PA_CREDS, PSP_CREDS, romeDay } from './soapFlows';

const PPT_NS = 'http://ws.pagamenti.telematici.gov/';

function expectFault(result: SoapResult, code: FaultCode, description: string): void {
  expect(result.fault).toEqual({ faultCode: code, faultString: FAULT_STRINGS[code], id: NODE_ID, description });
}

describe.each(DATABASE_IDS)('FdR SOAP faults on %s', (_id, database) => {
  let server: RunningServer;
  let psp: NodeForPsp;
  let pa: NodeForPsp;
  const today = romeDay();
  const id = `${today}60000000001-0001`;
  const at = `${today}T06:30:00`;

  beforeAll(async () => {
    // 44444444444 takes its reporting flows by SFTP
    const registry = writeRegistryVariant((doc) => {
      for (const ec of doc.creditorInstitutions as { creditorInstitutionCode: string; reportingFtp?: boolean }[])
        if (ec.creditorInstitutionCode === '44444444444') ec.reportingFtp = true;
    });
    server = await startServer({ db: await database.create(), args: ['--registry', registry] });
    psp = await NodeForPsp.connect(server.wsdlUrl);
    pa = await NodeForPsp.connect(`${server.baseUrl}/node-for-pa/v1?wsdl`);
    // one flow of EC_TE and one of the SFTP EC, for the readers
    expect((await psp.call('nodoInviaFlussoRendicontazione', inviaArgs({ id, dataOraFlusso: at }))).result.esito).toBe('OK');
    const sftp = `${today}60000000001-SFTP`;
    expect((await psp.call('nodoInviaFlussoRendicontazione', inviaArgs({ id: sftp, dataOraFlusso: at, ec: '44444444444' }))).result.esito).toBe('OK');
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('nodoInviaFlussoRendicontazione (§5.3)', () => {
    const invia = async (args: object) => {
      const { result } = await psp.call('nodoInviaFlussoRendicontazione', args);
      expect(result.esito).toBe('KO');
      return result;
    };
    const fresh = (n: string) => `${today}60000000001-${n}`;

    it.each<[string, object, FaultCode, string]>([
      ['an unknown PSP', { identificativoPSP: 'NOPE' }, 'PPT_PSP_SCONOSCIUTO', FAULT_STRINGS.PPT_PSP_SCONOSCIUTO],
      ['a wrong password', { password: 'wrongpwd1' }, 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata'],
      ['an unknown domain', { identificativoDominio: '12345678901' }, 'PPT_DOMINIO_SCONOSCIUTO', 'idPA 12345678901 not found'],
      ['a disabled domain', { identificativoDominio: '11111122223' }, 'PPT_DOMINIO_DISABILITATO', 'idPA 11111122223 found but disabled'],
    ])('%s', async (_name, over, code, description) => {
      expectFault(await invia(inviaArgs({ id: fresh('R1'), dataOraFlusso: at }, over)), code, description);
    });

    const format = (bad: string) => `identificativo flusso di rendicontazione (${bad}) non conforme al formato previsto dalle specifiche (<YYYY-MM-DD><istitutoMittente>-<flusso>)`;
    it.each<[string, string, string]>([
      ['not a date', '2025-13-0160000000001-0001', format('2025-13-0160000000001-0001')],
      ['another PSP', `${today}40000000001-0001`, format(`${today}40000000001-0001`)],
      ['no dash after the PSP', `${today}600000000010001`, format(`${today}600000000010001`)],
      ['longer than 35', `${today}60000000001-${'x'.repeat(20)}`, `${format(`${today}60000000001-${'x'.repeat(20)}`)} con lunghezza massima di 35 caratteri`],
    ])('an identifier with %s → PPT_SEMANTICA', async (_name, bad, description) => {
      expectFault(await invia(inviaArgs({ id: bad, dataOraFlusso: at, document: flowDocument({ id: fresh('R2'), dataOraFlusso: at }) })), 'PPT_SEMANTICA', description);
    });

    it('a document that is not a valid FlussoRiversamento → PPT_SINTASSI_XSD with the validator message', async () => {
      const bad = flowDocument({ id: fresh('R3'), dataOraFlusso: at, rows: [{ ...EXAMPLE_ROWS[0]!, code: '7' }] });
      const r = await invia(inviaArgs({ id: fresh('R3'), dataOraFlusso: at, document: bad }));
      expect(r.fault).toMatchObject({ faultCode: 'PPT_SINTASSI_XSD', faultString: 'Errore di sintassi XSD.', id: NODE_ID });
      expect(r.fault!.description).toMatch(/codiceEsitoSingoloPagamento/);
      const notXml = await invia(inviaArgs({ id: fresh('R3'), dataOraFlusso: at, document: 'not xml at all' }));
      expect(notXml.fault).toMatchObject({ faultCode: 'PPT_SINTASSI_XSD', description: expect.stringContaining('not well-formed') });
    });

    it('codes 4 and 8 (Stand-In) are accepted: the node variant of the schema', async () => {
      const doc = flowDocument({
        id: fresh('R4'),
        dataOraFlusso: at,
        rows: [
          { ...EXAMPLE_ROWS[0]!, code: '4' },
          { ...EXAMPLE_ROWS[1]!, code: '8' },
        ],
        total: '135.50',
      });
      const { result } = await psp.call('nodoInviaFlussoRendicontazione', inviaArgs({ id: fresh('R4'), dataOraFlusso: at, document: doc }));
      expect(result.fault).toBeUndefined();
      expect(result.esito).toBe('OK');
    });

    it('a non-base64 xmlRendicontazione → PPT_SINTASSI_EXTRAXSD, esito KO, HTTP 200', async () => {
      const creds = Object.entries(PSP_CREDS)
        .map(([k, v]) => `<${k}>${v}</${k}>`)
        .join('');
      const r = await postSoap(
        server.soapUrl,
        `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ppt="${PPT_NS}"><soapenv:Body><ppt:nodoInviaFlussoRendicontazione>${creds}` +
          `<identificativoDominio>${EC_TE}</identificativoDominio><identificativoFlusso>${fresh('R5')}</identificativoFlusso><dataOraFlusso>${at}</dataOraFlusso><xmlRendicontazione>!!not base64!!</xmlRendicontazione>` +
          '</ppt:nodoInviaFlussoRendicontazione></soapenv:Body></soapenv:Envelope>',
        'nodoInviaFlussoRendicontazione',
      );
      expect(r.status).toBe(200);
      expect(r.payload.fault).toMatchObject({ faultCode: 'PPT_SINTASSI_EXTRAXSD', faultString: 'Errore di sintassi extra XSD.' });
      expect(r.payload.esito).toBe('KO');
    });

    it('the document names another flow → PPT_SEMANTICA on identificativoFlusso', async () => {
      const r = await invia(inviaArgs({ id: fresh('R6'), dataOraFlusso: at, document: flowDocument({ id: fresh('OTHER'), dataOraFlusso: at }) }));
      expectFault(r, 'PPT_SEMANTICA', 'Il campo [identificativoFlusso] non è uguale al campo dentro xml flusso riversamento [identificativoFlusso]');
    });

    it('the document has another date (seconds differ) → PPT_SEMANTICA on dataOraFlusso; millis and zone are ignored', async () => {
      const r = await invia(inviaArgs({ id: fresh('R7'), dataOraFlusso: at, document: flowDocument({ id: fresh('R7'), dataOraFlusso: `${today}T06:30:01` }) }));
      expectFault(r, 'PPT_SEMANTICA', 'Il campo [dataOraFlusso] non è uguale al campo dentro xml flusso riversamento [dataOraFlusso]');
      const ok = await psp.call(
        'nodoInviaFlussoRendicontazione',
        inviaArgs({ id: fresh('R7'), dataOraFlusso: at, document: flowDocument({ id: fresh('R7'), dataOraFlusso: `${at}.250+01:00` }) }),
      );
      expect(ok.result.esito).toBe('OK');
    });

    it('nothing half-written: a refused flow is neither listed nor readable', async () => {
      const { result } = await pa.call('nodoChiediFlussoRendicontazione', { ...PA_CREDS, identificativoFlusso: fresh('R6') });
      expect(result.fault).toMatchObject({ faultCode: 'PPT_ID_FLUSSO_SCONOSCIUTO' });
    });
  });

  describe('nodoChiediElencoFlussiRendicontazione (§5.5)', () => {
    it.each<[string, object, FaultCode, string]>([
      ['an unknown domain', { identificativoDominio: '12345678901' }, 'PPT_DOMINIO_SCONOSCIUTO', 'idPA 12345678901 not found'],
      ['a disabled domain', { identificativoDominio: '11111122223' }, 'PPT_DOMINIO_DISABILITATO', 'idPA 11111122223 found but disabled'],
      ['an unknown broker', { identificativoIntermediarioPA: 'NOPE' }, 'PPT_INTERMEDIARIO_PA_SCONOSCIUTO', FAULT_STRINGS.PPT_INTERMEDIARIO_PA_SCONOSCIUTO],
      ['a disabled broker', { identificativoIntermediarioPA: 'INT_NOT_ENABLED' }, 'PPT_INTERMEDIARIO_PA_DISABILITATO', FAULT_STRINGS.PPT_INTERMEDIARIO_PA_DISABILITATO],
      ['an unknown station', { identificativoStazioneIntermediarioPA: 'NOPE' }, 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', FAULT_STRINGS.PPT_STAZIONE_INT_PA_SCONOSCIUTA],
      [
        'a disabled station',
        { identificativoIntermediarioPA: 'INT_STZ_NOT_ENABLED', identificativoStazioneIntermediarioPA: 'STAZIONE_NOT_ENABLED' },
        'PPT_STAZIONE_INT_PA_DISABILITATA',
        FAULT_STRINGS.PPT_STAZIONE_INT_PA_DISABILITATA,
      ],
      ['a wrong password', { password: 'wrongpwd1' }, 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata'],
      ["another broker's station", { identificativoStazioneIntermediarioPA: '66666666666_01' }, 'PPT_AUTORIZZAZIONE', 'Configurazione intermediario-stazione non corretta'],
      ['an EC the station does not serve', { identificativoDominio: '66666666666' }, 'PPT_AUTORIZZAZIONE', 'Configurazione pa-intermediario-stazione non corretta'],
      ['an unknown PSP', { identificativoPSP: 'NOPE' }, 'PPT_PSP_SCONOSCIUTO', FAULT_STRINGS.PPT_PSP_SCONOSCIUTO],
      ['a disabled PSP', { identificativoPSP: 'NOT_ENABLED' }, 'PPT_PSP_DISABILITATO', FAULT_STRINGS.PPT_PSP_DISABILITATO],
    ])('%s, in the risposta form (no esito, no list)', async (_name, over, code, description) => {
      const { result, raw } = await pa.call('nodoChiediElencoFlussiRendicontazione', { ...PA_CREDS, identificativoDominio: EC_TE, ...over });
      expectFault(result, code, description);
      expect(raw).toMatch(/<ppt:nodoChiediElencoFlussiRendicontazioneRisposta><fault>.*<\/fault><\/ppt:nodoChiediElencoFlussiRendicontazioneRisposta>/s);
    });
  });

  describe('nodoChiediFlussoRendicontazione (§5.6)', () => {
    const chiedi = async (over: object) =>
      (await pa.call('nodoChiediFlussoRendicontazione', { ...PA_CREDS, identificativoDominio: EC_TE, identificativoFlusso: id, ...over })).result;
    const unknown = (r: SoapResult) => expectFault(r, 'PPT_ID_FLUSSO_SCONOSCIUTO', 'Rendicontazione sconosciuta o presente in SFTP');

    it('an unknown flow → PPT_ID_FLUSSO_SCONOSCIUTO, looked up before the credentials', async () => {
      unknown(await chiedi({ identificativoFlusso: `${today}60000000001-NOPE` }));
      unknown(await chiedi({ identificativoFlusso: `${today}60000000001-NOPE`, password: 'wrongpwd1' }));
      unknown(await chiedi({ identificativoFlusso: '' }));
    });

    it('a flow of another EC (asked with that EC as domain) is unknown; of another PSP too', async () => {
      unknown(await chiedi({ identificativoIntermediarioPA: '66666666666', identificativoStazioneIntermediarioPA: '66666666666_01', identificativoDominio: '66666666666' }));
      unknown(await chiedi({ identificativoPSP: '40000000001' }));
    });

    it('a known flow, then the registry as for the list: a wrong password → PPT_AUTENTICAZIONE', async () => {
      expectFault(await chiedi({ password: 'wrongpwd1' }), 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata');
      expectFault(await chiedi({ identificativoPSP: 'NOT_ENABLED', identificativoFlusso: id }), 'PPT_ID_FLUSSO_SCONOSCIUTO', 'Rendicontazione sconosciuta o presente in SFTP');
    });

    it('an EC that takes its flows by SFTP → PPT_ID_FLUSSO_SCONOSCIUTO, though the list shows the flow', async () => {
      const creds = {
        identificativoIntermediarioPA: '44444444444',
        identificativoStazioneIntermediarioPA: '44444444444_01',
        password: 'pwdpwdpwd',
        identificativoDominio: '44444444444',
      };
      unknown(await chiedi({ ...creds, identificativoFlusso: `${today}60000000001-SFTP` }));
      const { raw } = await pa.call('nodoChiediElencoFlussiRendicontazione', creds);
      expect(raw).toContain(`<identificativoFlusso>${today}60000000001-SFTP</identificativoFlusso>`);
    });

    it('OK: the stored bytes, base64', async () => {
      const r = await chiedi({});
      expect(r.fault).toBeUndefined();
      expect(Buffer.from(r.xmlRendicontazione as string, 'base64').toString('utf8')).toBe(flowDocument({ id, dataOraFlusso: at }));
      expect(b64(flowDocument({ id, dataOraFlusso: at }))).toBe(r.xmlRendicontazione);
    });
  });
});
