/**
 * verificaBollettino (spec §3.8), black box with node-soap built from the served WSDL (every answer
 * validated against the official nodeForPsp.xsd by the helper): Poste Italiane's verify of a "bollettino
 * postale", the EC found from the postal account. The UAT rows of uat-environment.md §1.1, §1.2, §1.6
 * (POSTE3, POSTE1_ONUS, broker 91000000001, ccPost 666666666666 / 777777777777 / 777777777772), then the
 * verify behaviour it shares: the node's own copy of the notice, the EC's answer with its allCCP.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { expectNodeFault } from '../helpers/conformance';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { EC, NodeForPsp, PSP, credsXml, envelope, freshNotice, postSoap } from '../helpers/soap';
import { journal } from '../remote/helpers';

const POSTE3 = { idPSP: 'POSTE3', idBrokerPSP: 'BANCOPOSTA', idChannel: 'POSTE3', password: 'pwdpwdpwd' };
const POSTE1 = { idPSP: 'POSTE1', idBrokerPSP: 'BANCOPOSTA', idChannel: 'POSTE1_ONUS', password: 'pwdpwdpwd' };
const CC_66 = '666666666666';
const CC_77 = '777777777777';
const CC_UNKNOWN = '777777777772';
const PA_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';

type Creds = typeof PSP;

/** The one payment option of an answer: node-soap gives a list (maxOccurs 5) and xs:boolean as a boolean. */
function onlyOption(result: Record<string, unknown>): Record<string, unknown> {
  const options = (result.paymentBollettinoList as { paymentOptionDescription: Record<string, unknown>[] }).paymentOptionDescription;
  expect(options).toHaveLength(1);
  return options[0]!;
}

describe.each(DATABASE_IDS)('verificaBollettino on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let mock: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    mock = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const bollettino = (noticeNumber: string, ccPost = CC_66, c: Creds = POSTE3) => nodo.call('verificaBollettino', { ...c, ccPost, noticeNumber });

  describe('UAT rows', () => {
    it.each([
      ['POSTE3 on its channel POSTE3', POSTE3],
      ['PSP 60000000001 on 60000000001_01', PSP],
    ])('%s, ccPost 666666666666, a segregation-02 notice of 66666666666 → OK with the option, its allCCP and the notice number', async (_name, c) => {
      const n = freshNotice();
      const { result } = await bollettino(n, CC_66, c);
      expect(result.outcome).toBe('OK');
      expect(result.fault).toBeUndefined();
      expect(result).toMatchObject({
        paymentDescription: `Avviso sintetico ${n}`,
        fiscalCodePA: EC,
        noticeNumber: n,
        companyName: 'Comune di Test',
        officeName: 'Ufficio Tributi',
      });
      expect(onlyOption(result)).toMatchObject({ amount: '10.00', options: 'EQ', paymentNote: `Avviso sintetico ${n}`, allCCP: false });
    });

    it('POSTE3 with password "password" → PPT_AUTENTICAZIONE', async () => {
      expectNodeFault((await bollettino(freshNotice(), CC_66, { ...POSTE3, password: 'password' })).result, 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata');
    });

    it('POSTE1 on POSTE1_ONUS (not ATTIVATO_PRESSO_PSP) → PPT_AUTORIZZAZIONE', async () => {
      expectNodeFault((await bollettino(freshNotice(), CC_66, POSTE1)).result, 'PPT_AUTORIZZAZIONE', "Il canale non è di tipo 'ATTIVATO_PRESSO_PSP'");
    });

    it('broker 91000000001 with channel POSTE3 → PPT_AUTORIZZAZIONE "Configurazione intermediario-canale non corretta"', async () => {
      expectNodeFault(
        (await bollettino(freshNotice(), CC_66, { ...POSTE3, idBrokerPSP: '91000000001' })).result,
        'PPT_AUTORIZZAZIONE',
        'Configurazione intermediario-canale non corretta',
      );
    });

    it('ccPost 777777777772, no EC has it → PPT_SEMANTICA "Codifica non riconosciuta"', async () => {
      expectNodeFault((await bollettino(freshNotice(), CC_UNKNOWN)).result, 'PPT_SEMANTICA', 'Codifica non riconosciuta');
    });

    it.each(['713014851147176400', '313019441991132400'])('ccPost 777777777777 (EC 77777777777), notice %s without a station → PPT_STAZIONE_INT_PA_SCONOSCIUTA', async (n) => {
      expectNodeFault((await bollettino(n, CC_77)).result, 'PPT_STAZIONE_INT_PA_SCONOSCIUTA', 'Configurazione pa-progressivo stazione non corretta');
    });
  });

  describe('checks and their order', () => {
    it('the PSP checks come before the postal account: a wrong password with an unknown ccPost is PPT_AUTENTICAZIONE', async () => {
      expectNodeFault((await bollettino(freshNotice(), CC_UNKNOWN, { ...POSTE3, password: 'password' })).result, 'PPT_AUTENTICAZIONE', 'Password sconosciuta o errata');
    });

    it('an unknown PSP → PPT_PSP_SCONOSCIUTO', async () => {
      expectNodeFault((await bollettino(freshNotice(), CC_66, { ...POSTE3, idPSP: 'POSTE9' })).result, 'PPT_PSP_SCONOSCIUTO');
    });

    it('PSP POSTE3 on channel POSTE1_ONUS, not linked to it → PPT_AUTORIZZAZIONE "Configurazione psp-canale non corretta"', async () => {
      expectNodeFault((await bollettino(freshNotice(), CC_66, { ...POSTE3, idChannel: 'POSTE1_ONUS' })).result, 'PPT_AUTORIZZAZIONE', 'Configurazione psp-canale non corretta');
    });

    it('a ccPost of 11 digits → PPT_SINTASSI_EXTRAXSD in verificaBollettinoRes, HTTP 200', async () => {
      const r = await postSoap(
        server.soapUrl,
        envelope(`<nod:verificaBollettinoReq>${credsXml(POSTE3)}<ccPost>66666666666</ccPost><noticeNumber>${freshNotice()}</noticeNumber></nod:verificaBollettinoReq>`),
        'verificaBollettino',
      );
      expect(r.status).toBe(200);
      expect(r.element).toBe('verificaBollettinoRes');
      expect(r.payload.outcome).toBe('KO');
      expect(r.payload.fault).toMatchObject({ faultCode: 'PPT_SINTASSI_EXTRAXSD', description: expect.stringContaining('ccPost') });
    });

    it('without SOAPAction the Body element names the operation', async () => {
      const n = freshNotice();
      const r = await postSoap(
        server.soapUrl,
        envelope(`<nod:verificaBollettinoReq>${credsXml(POSTE3)}<ccPost>${CC_66}</ccPost><noticeNumber>${n}</noticeNumber></nod:verificaBollettinoReq>`),
      );
      expect(r.element).toBe('verificaBollettinoRes');
      expect(r.payload).toMatchObject({ outcome: 'OK', noticeNumber: n });
    });
  });

  describe('as verify', () => {
    it('a notice being paid → PPT_PAGAMENTO_IN_CORSO; once paid → PPT_PAGAMENTO_DUPLICATO, as verify', async () => {
      const n = freshNotice();
      const act = await nodo.activate(n);
      expect(act.result.outcome).toBe('OK');
      expectNodeFault((await bollettino(n)).result, 'PPT_PAGAMENTO_IN_CORSO');
      expect((await nodo.outcome(act.result.paymentToken as string)).result.outcome).toBe('OK');
      expectNodeFault((await bollettino(n)).result, 'PPT_PAGAMENTO_DUPLICATO');
    });

    it('verify locks nothing: the notice is then activated normally', async () => {
      const n = freshNotice();
      expect((await bollettino(n)).result.outcome).toBe('OK');
      expect((await nodo.activate(n)).result.outcome).toBe('OK');
    });

    it("allCCP is the EC's: an EC answering allCCP true (remote station 66666666666_03 on the mock EC) shows it to the PSP", async () => {
      const n = buildNoticeNumber(3, '03', `8${String(Date.now() % 1e12).padStart(12, '0')}`);
      const body =
        `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="${PA_NS}"><soapenv:Body><pafn:paVerifyPaymentNoticeRes>` +
        '<outcome>OK</outcome><paymentList><paymentOptionDescription><amount>33.00</amount><options>EQ</options><dueDate>2030-12-31</dueDate>' +
        '<detailDescription>Canone</detailDescription><allCCP>true</allCCP></paymentOptionDescription></paymentList>' +
        `<paymentDescription>Canone 2030</paymentDescription><fiscalCodePA>${EC}</fiscalCodePA><companyName>Comune di Test</companyName>` +
        '</pafn:paVerifyPaymentNoticeRes></soapenv:Body></soapenv:Envelope>';
      await mock.queue('paVerifyPaymentNotice', { action: 'raw', body, noticeNumber: n });
      const { result } = await bollettino(n);
      expect(result.outcome).toBe('OK');
      expect(onlyOption(result)).toEqual({ amount: '33.00', options: 'EQ', dueDate: '2030-12-31', paymentNote: 'Canone', allCCP: true });
      expect(result).toMatchObject({ paymentDescription: 'Canone 2030', noticeNumber: n, companyName: 'Comune di Test' });
    });

    it("a station's failure is relayed as for verify (unreachable station of EC 66666666666, application code 99)", async () => {
      const { result } = await bollettino('099000000000000123');
      expect(result.outcome).toBe('KO');
      expect(result.fault).toMatchObject({ faultCode: 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', id: 'NodoDeiPagamentiSPC' });
    });
  });

  it('is journaled with the PSP, the notice and the EC of the postal account', async () => {
    const n = freshNotice();
    await bollettino(n);
    const { items } = await journal(server.baseUrl, { operation: 'verificaBollettino', noticeNumber: n });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ operation: 'verificaBollettino', direction: 'in', fiscalCode: EC, noticeNumber: n, outcome: 'OK' });
  });
});
