import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { decodeAndValidate, OFFICIAL_DOCUMENT_XSD, parseDocument } from '../helpers/documents';
import { mockEc } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, PSP_V2 } from '../helpers/soap';
import { carTaxXml, demand, demanded, passportXml } from '../helpers/spontaneous';
import { stopXerces } from '../helpers/xerces';
import { assertValidEcMessage } from '../helpers/xsd';
import { receiptsOf, waitFor } from '../receipts/helpers';
import { journal } from '../remote/helpers';

afterAll(stopXerces);

interface Servizio {
  idServizio: string;
  xsdRiferimento: string;
  elencoSoggettiEroganti: { soggettoErogante: { idSoggettoServizio: string; idDominio: string }[] };
}

/**
 * What a PSP does for a spontaneous payment, from nothing but the demo registry as it ships (issue 13, "a
 * spontaneous payment end to end"): ask the catalogue for the services, pick a subject by the service's
 * schema, demand the notice with the specific data, pay it with the normal flow, and see the receipt reach
 * the EC. Once on a remote station of the built-in mock EC (passport), once on pagoPA's own mock EC (car
 * tax, EC 77777777777 on /mock-ec), whose fixed answer is a notice of EC 44444444444.
 */
describe.each(DATABASE_IDS)('catalogue → demandPaymentNotice → activate → outcome → receipt on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let services: Servizio[];

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    const catalogue = (
      await nodo.call('nodoChiediCatalogoServiziV2', {
        identificativoPSP: PSP_V2.idPSP,
        identificativoIntermediarioPSP: PSP_V2.idBrokerPSP,
        identificativoCanale: PSP_V2.idChannel,
        password: PSP_V2.password,
      })
    ).result;
    expect(catalogue.outcome).toBe('OK');
    const xml = await decodeAndValidate(catalogue.xmlCatalogoServizi, OFFICIAL_DOCUMENT_XSD.catalogoServizi);
    services = (parseDocument(xml, ['catalogoServizi', 'soggettoErogante']) as { listaCatalogoServizi: { catalogoServizi: Servizio[] } }).listaCatalogoServizi.catalogoServizi;
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** the first subject of the service whose specific data follow `xsd` */
  const subjectOf = (xsd: string) => {
    const service = services.find((s) => s.xsdRiferimento === xsd);
    if (!service) throw new Error(`no service with xsdRiferimento ${xsd} in ${JSON.stringify(services)}`);
    return service.elencoSoggettiEroganti.soggettoErogante[0]!;
  };

  const pay = async (fiscalCode: string, noticeNumber: string, amount: string) => {
    const act = (await nodo.call('activatePaymentNoticeV2', { ...PSP_V2, qrCode: { fiscalCode, noticeNumber }, amount })).result;
    expect(act).toMatchObject({ outcome: 'OK', totalAmount: amount, fiscalCodePA: fiscalCode });
    expect((await nodo.outcomeV2([act.paymentToken as string], 'OK')).result.outcome).toBe('OK');
  };

  it('passport: the subject found in the catalogue, a notice created by the mock EC on 66666666666_03, paid, the receipt at the mock EC', async () => {
    const subject = subjectOf('A001_Passaporto_1_0_0.xsd');
    expect(subject.idDominio).toBe('66666666666');
    const notice = demanded(await demand(nodo, subject.idSoggettoServizio, passportXml(), PSP_V2));
    expect(notice).toMatchObject({ fiscalCode: '66666666666', amount: '116.00' });
    await pay(notice.fiscalCode, notice.noticeNumber, notice.amount);

    const ec = mockEc(server.baseUrl);
    const [rt] = await waitFor(
      'the receipt at the mock EC',
      () => ec.history(notice.noticeNumber, 'paSendRTV2'),
      (h) => h.length > 0 && h[0]!.httpStatus === 200,
    );
    await assertValidEcMessage(rt!.request);
    // the demand itself is filed under the notice it created
    expect((await ec.history(notice.noticeNumber, 'paDemandPaymentNotice')).map((h) => h.httpStatus)).toEqual([200]);
    const ops = (await journal(server.baseUrl, { noticeNumber: notice.noticeNumber })).items.map((i) => `${i.direction} ${i.operation} ${i.outcome}`);
    expect(ops).toEqual(
      expect.arrayContaining(['in demandPaymentNotice OK', 'out paDemandPaymentNotice OK', 'in activatePaymentNoticeV2 OK', 'out paGetPaymentV2 OK', 'out paSendRTV2 OK']),
    );
  });

  it("car tax: EC 77777777777 answers as pagoPA's mock EC (notice 311018891531183500 of EC 44444444444), paid on 44444444444's station", async () => {
    const subject = subjectOf('TassaAutomobilistica_1_1_0.xsd');
    expect(subject.idDominio).toBe('77777777777');
    const r = await demand(nodo, subject.idSoggettoServizio, carTaxXml('1'), PSP_V2);
    const notice = demanded(r);
    expect(notice).toEqual({ fiscalCode: '44444444444', noticeNumber: '311018891531183500', amount: '10.00' });
    const [out] = (await journal(server.baseUrl, { direction: 'out', operation: 'paDemandPaymentNotice', noticeNumber: notice.noticeNumber })).items;
    expect([out?.stationCode, out?.outcome]).toEqual(['77777777777_01', 'OK']);
    await pay(notice.fiscalCode, notice.noticeNumber, notice.amount);
    const [receipt] = await waitFor(
      'the receipt of 311018891531183500',
      () => receiptsOf(server.baseUrl, notice.noticeNumber),
      (rs) => rs.length > 0 && rs[0]!.status !== 'PENDING',
    );
    expect([receipt!.recipientFiscalCode, receipt!.stationCode]).toEqual(['44444444444', '44444444444_01']);
  });
});
