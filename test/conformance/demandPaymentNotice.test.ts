import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, PSP, credsXml, envelope, postSoap, type SoapResult } from '../helpers/soap';
import { EC, PSP_EXT, SUBJECTS, b64, demand, demanded, fishingXml, passportXml, spontaneousRegistry } from '../helpers/spontaneous';
import { assertValidEcMessage } from '../helpers/xsd';
import { field, journal, paEnvelope } from '../remote/helpers';

const NODE_ID = 'NodoDeiPagamentiSPC';

/**
 * demandPaymentNotice, every fault the node answers (spec §3.6, §6.3, §7.2; UAT rows of
 * uat-environment.md §1.1) with its exact code, faultString and description, and every EC failure mapped
 * as for verify. Responses are checked against the official nodeForPsp.xsd, what the node and the mock
 * EC exchange against the official paForNode.xsd.
 */
describe.each(DATABASE_IDS)('demandPaymentNotice faults on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create(), args: ['--registry', spontaneousRegistry()] });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterEach(async () => {
    await ec.clear();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const fault = (r: SoapResult) => {
    expect(r.outcome).toBe('KO');
    expect(r.qrCode).toBeUndefined();
    return r.fault!;
  };
  const demandOuts = async () => (await journal(server.baseUrl, { direction: 'out', operation: 'paDemandPaymentNotice' })).total;

  it('the catalogue, the registry and the PSP checks, in the node order, with their literal texts', async () => {
    const cases: [string, string, string, object, string, string, string][] = [
      ['unknown subject', '99999', passportXml(), PSP, 'PPT_SERVIZIO_SCONOSCIUTO', 'Servizio inesistente sul sistema pagoPA', 'Soggetto Servizio inesistente sul sistema pagoPA'],
      [
        'version-1 service',
        SUBJECTS.version1,
        passportXml(),
        PSP,
        'PPT_VERSIONE_SERVIZIO',
        'Versione servizio incompatibile con la chiamata',
        'Versione servizio incompatibile con la chiamata',
      ],
      ['disabled EC', SUBJECTS.ecDisabled, passportXml(), PSP, 'PPT_DOMINIO_DISABILITATO', 'Dominio disabilitato.', 'Dominio disabilitato.'],
      ['disabled station', SUBJECTS.stationDisabled, passportXml(), PSP, 'PPT_STAZIONE_INT_PA_DISABILITATA', 'Stazione disabilitata.', 'Stazione disabilitata.'],
      [
        'disabled EC broker',
        SUBJECTS.brokerDisabled,
        passportXml(),
        PSP,
        'PPT_INTERMEDIARIO_PA_DISABILITATO',
        'Intermediario dominio disabilitato.',
        'Intermediario dominio disabilitato.',
      ],
      // UAT: broker 91000000001 with channel 60000000001_01
      [
        'broker of no such channel',
        SUBJECTS.fishing,
        fishingXml(),
        { ...PSP, idBrokerPSP: '91000000001' },
        'PPT_AUTORIZZAZIONE',
        "Il richiedente non ha i diritti per l'operazione.",
        'Configurazione intermediario-canale non corretta',
      ],
      ['wrong password', SUBJECTS.fishing, fishingXml(), { ...PSP, password: 'password' }, 'PPT_AUTENTICAZIONE', 'Errore di autenticazione.', 'Password sconosciuta o errata'],
      ['unknown PSP', SUBJECTS.fishing, fishingXml(), { ...PSP, idPSP: 'pspUnknown' }, 'PPT_PSP_SCONOSCIUTO', 'PSP sconosciuto.', 'PSP sconosciuto.'],
      // the PSP checks come first, then the catalogue, then the data
      ['unknown PSP and subject', '99999', 'not xml', { ...PSP, idPSP: 'pspUnknown' }, 'PPT_PSP_SCONOSCIUTO', 'PSP sconosciuto.', 'PSP sconosciuto.'],
      [
        'unknown subject, bad data',
        '99999',
        'not xml',
        PSP,
        'PPT_SERVIZIO_SCONOSCIUTO',
        'Servizio inesistente sul sistema pagoPA',
        'Soggetto Servizio inesistente sul sistema pagoPA',
      ],
    ];
    const before = await demandOuts();
    for (const [what, subject, xml, creds, code, faultString, description] of cases) {
      const f = fault(await demand(nodo, subject, xml, creds));
      expect([what, f.faultCode, f.faultString, f.id, f.description]).toEqual([what, code, faultString, NODE_ID, description]);
    }
    // none of them reached an EC
    expect(await demandOuts()).toBe(before);
  });

  it('outside the subject validity on the node clock: PPT_SERVIZIO_NONATTIVO, expired or not yet valid', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const expired = fault(await demand(nodo, SUBJECTS.expired, fishingXml()));
    expect([expired.faultCode, expired.faultString, expired.description]).toEqual([
      'PPT_SERVIZIO_NONATTIVO',
      'Servizio non attivo',
      `Soggetto Servizio 00092 attivo dal 2020-01-01 al 2021-12-31, non il ${today}`,
    ]);
    const future = fault(await demand(nodo, SUBJECTS.future, passportXml()));
    expect([future.faultCode, future.description]).toEqual(['PPT_SERVIZIO_NONATTIVO', `Soggetto Servizio 00016 attivo dal 2999-01-01, non il ${today}`]);
  });

  it('the channel-model check is not applied: a non-ATTIVATO_PRESSO_PSP channel may demand a notice', async () => {
    const r = await demand(nodo, SUBJECTS.fishing, fishingXml(), { ...PSP, idChannel: '60000000001_07' });
    expect(demanded(r).amount).toBe('34.00');
  });

  it('datiSpecificiServizio that is not its service document: PPT_SINTASSI_XSD naming the problem, and no EC call', async () => {
    const before = await demandOuts();
    const cases: [string, string, RegExp][] = [
      ['not XML', 'hello, world', /^datiSpecificiServizio is not an XML document: /],
      ['empty', '', /^datiSpecificiServizio is empty: it must be the base64 of an XML document$/],
      ['without the holder', passportXml(undefined, { withoutHolder: true }), /^datiSpecificiServizio is not valid against A001_Passaporto_1_0_0\.xsd: .*intestatario/],
      ['another service document', fishingXml(), /^datiSpecificiServizio is not valid against A001_Passaporto_1_0_0\.xsd: .*praticaPagamentoCanoni/],
      ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY e "boom">]>${passportXml()}`, /^datiSpecificiServizio: DOCTYPE and ENTITY declarations are not allowed$/],
    ];
    for (const [what, xml, description] of cases) {
      const f = fault(await demand(nodo, SUBJECTS.passport, xml));
      expect([what, f.faultCode, f.faultString, f.id]).toEqual([what, 'PPT_SINTASSI_XSD', 'Errore di sintassi XSD.', NODE_ID]);
      expect(f.description).toMatch(description);
    }
    expect(await demandOuts()).toBe(before);
  });

  it('a request against the XSD (subject of 4 characters, data not base64): PPT_SINTASSI_EXTRAXSD, as every syntax error', async () => {
    const req = (subject: string, data: string) =>
      envelope(
        `<nod:demandPaymentNoticeRequest>${credsXml()}<idSoggettoServizio>${subject}</idSoggettoServizio><datiSpecificiServizio>${data}</datiSpecificiServizio></nod:demandPaymentNoticeRequest>`,
      );
    for (const [subject, data] of [
      ['0001', b64(passportXml())],
      ['00001', '@@@@ not base64'],
    ]) {
      const r = await postSoap(server.soapUrl, req(subject!, data!), 'demandPaymentNotice');
      expect([r.status, r.element, r.payload.outcome, r.payload.fault?.faultCode]).toEqual([200, 'demandPaymentNoticeResponse', 'KO', 'PPT_SINTASSI_EXTRAXSD']);
    }
  });

  it('EC failures map as for verify: the EC fault relayed (with and without extended fault bean), invalid answer, HTTP error, timeout, unreachable', async () => {
    await ec.queue('paDemandPaymentNotice', { action: 'fault', faultCode: 'PAA_SYSTEM_ERROR', description: 'servizio in manutenzione' });
    const relayed = fault(await demand(nodo, SUBJECTS.short, passportXml()));
    expect([relayed.faultCode, relayed.faultString, relayed.id, relayed.description]).toEqual([
      'PPT_ERRORE_EMESSO_DA_PAA',
      'Errore restituito dalla PAA.',
      EC,
      'FaultString PA: Errore generico.; FaultCode PA: PAA_SYSTEM_ERROR; Description PA: servizio in manutenzione',
    ]);
    const [row] = (await journal(server.baseUrl, { direction: 'out', operation: 'paDemandPaymentNotice' })).items;
    expect([row!.stationCode, row!.fiscalCode, row!.noticeNumber, row!.outcome, row!.faultCode]).toEqual(['66666666666_40', EC, null, 'KO', 'PAA_SYSTEM_ERROR']);

    await ec.queue('paDemandPaymentNotice', { action: 'fault', faultCode: 'PAA_SEMANTICA', faultString: 'Errore semantico.', description: 'pratica già pagata' });
    const extended = fault(await demand(nodo, SUBJECTS.short, passportXml(), PSP_EXT));
    expect(extended).toMatchObject({
      faultCode: 'PPT_ERRORE_EMESSO_DA_PAA',
      id: EC,
      originalFaultCode: 'PAA_SEMANTICA',
      originalFaultString: 'Errore semantico.',
      originalDescription: 'pratica già pagata',
    });

    const stationFault = async (override: Parameters<MockEcClient['queue']>[1], code: string, description: RegExp | string) => {
      await ec.queue('paDemandPaymentNotice', override);
      const f = fault(await demand(nodo, SUBJECTS.short, passportXml()));
      expect([override.action, f.faultCode, f.id]).toEqual([override.action, code, NODE_ID]);
      if (typeof description === 'string') expect(f.description).toBe(description);
      else expect(f.description).toMatch(description);
    };
    await stationFault({ action: 'invalid' }, 'PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', /paDemandPaymentNoticeResponse violates paForNode\.xsd: .*allCCP/);
    await stationFault({ action: 'http', httpStatus: 500, body: 'boom' }, 'PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', /^HTTP 500/);
    await stationFault({ action: 'timeout' }, 'PPT_STAZIONE_INT_PA_TIMEOUT', /.+/);
    const unreachable = fault(await demand(nodo, SUBJECTS.unreachable, passportXml()));
    expect(unreachable.faultCode).toBe('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE');
  });

  it('what the node checks in an EC answer: qrCode and data when OK, a fault when KO, the qrCode EC known; another EC is relayed', async () => {
    const option =
      '<paymentList><paymentOptionDescription><amount>10.00</amount><options>EQ</options><dueDate>2030-06-25</dueDate><detailDescription>descrizione dettagliata lato PA</detailDescription><allCCP>false</allCCP></paymentOptionDescription></paymentList>';
    const data = `${option}<paymentDescription>Tassa</paymentDescription><fiscalCodePA>44444444444</fiscalCodePA><companyName>Ente di test</companyName>`;
    const answer = (inner: string) => paEnvelope('paDemandPaymentNoticeResponse', inner);
    const qr = (fiscalCode: string) => `<qrCode><fiscalCode>${fiscalCode}</fiscalCode><noticeNumber>311018891531183500</noticeNumber></qrCode>`;
    for (const [body, description] of [
      [answer(`<outcome>OK</outcome>${data}`), 'paDemandPaymentNoticeResponse: outcome OK without qrCode'],
      [
        answer(`<outcome>OK</outcome>${qr('44444444444')}<paymentDescription>Tassa</paymentDescription>`),
        'paDemandPaymentNoticeResponse: outcome OK without paymentList, fiscalCodePA, companyName',
      ],
      [answer('<outcome>KO</outcome>'), 'paDemandPaymentNoticeResponse: outcome KO without fault'],
      [answer(`<outcome>OK</outcome>${qr('10000000000')}${data}`), 'paDemandPaymentNoticeResponse: qrCode.fiscalCode 10000000000 is not a creditor institution known to pagoPA'],
      [answer(`<outcome>OK</outcome>${qr('11111122223')}${data}`), 'paDemandPaymentNoticeResponse: qrCode.fiscalCode 11111122223 is a disabled creditor institution'],
    ]) {
      await assertValidEcMessage(body!);
      await ec.queue('paDemandPaymentNotice', { action: 'raw', body: body! });
      const f = fault(await demand(nodo, SUBJECTS.short, passportXml()));
      expect([f.faultCode, f.description]).toEqual(['PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', description]);
    }
    // pagoPA's own mock EC answers a notice of 44444444444 for the subject of 77777777777: relayed as it is
    await ec.queue('paDemandPaymentNotice', { action: 'raw', body: answer(`<outcome>OK</outcome>${qr('44444444444')}${data}`) });
    const r = await demand(nodo, SUBJECTS.short, passportXml());
    expect(r).toMatchObject({
      outcome: 'OK',
      qrCode: { fiscalCode: '44444444444', noticeNumber: '311018891531183500' },
      paymentList: { paymentOptionDescription: [{ amount: '10.00', options: 'EQ', dueDate: '2030-06-25', paymentNote: 'descrizione dettagliata lato PA' }] },
      fiscalCodePA: '44444444444',
    });
    const [row] = (await journal(server.baseUrl, { direction: 'out', operation: 'paDemandPaymentNotice' })).items;
    expect([row!.noticeNumber, row!.outcome]).toEqual(['311018891531183500', 'OK']);
  });

  it('the mock EC answers paDemandPaymentNotice itself: a notice on the station code, PAA_SEMANTICA for an unknown service, PAA_SINTASSI_XSD for bad data', async () => {
    const ask = async (idServizio: string, data: string) => {
      const body = paEnvelope(
        'paDemandPaymentNoticeRequest',
        `<idPA>${EC}</idPA><idBrokerPA>${EC}</idBrokerPA><idStation>66666666666_03</idStation><idServizio>${idServizio}</idServizio><idSoggettoServizio>00001</idSoggettoServizio><datiSpecificiServizioRequest>${data}</datiSpecificiServizioRequest>`,
      );
      await assertValidEcMessage(body);
      const res = await fetch(ec.url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: 'paDemandPaymentNotice' }, body });
      const text = await res.text();
      expect(res.status).toBe(200);
      await assertValidEcMessage(text);
      return text;
    };
    const ok = await ask('00001', b64(passportXml()));
    expect([field(ok, 'outcome'), field(ok, 'amount'), field(ok, 'fiscalCode')]).toEqual(['OK', '116.00', EC]);
    expect(field(ok, 'noticeNumber')).toMatch(/^303\d{15}$/);
    const unknown = await ask('99999', b64(passportXml()));
    expect([field(unknown, 'outcome'), field(unknown, 'faultCode'), field(unknown, 'description')]).toEqual([
      'KO',
      'PAA_SEMANTICA',
      'idServizio 99999 is not a service of the catalogue',
    ]);
    const bad = await ask('00001', b64('<x/>'));
    expect([field(bad, 'faultCode')]).toEqual(['PAA_SINTASSI_XSD']);
    expect(field(bad, 'description')).toMatch(/^datiSpecificiServizio is not valid against A001_Passaporto_1_0_0\.xsd/);
  });
});
