import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { demoPositions } from '../../src/ec/demoNotices';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, PSP, PSP_V2, admin, credsXml, envelope, postSoap } from '../helpers/soap';
import { DEBTOR_F, DEBTOR_G, EC, EC2, PULL_FIXTURE, seed } from './seed';

/**
 * paGetPaymentsByDebtor (our extension, spec §9.4) over HTTP with node-soap from the served WSDL; every
 * response is XSD-checked (against our XSD: the official one does not declare the operation).
 */
interface Installment {
  noticeNumber: string;
  creditorReferenceId: string;
  amount: string;
  description: string;
  dueDate: string;
  status: string;
}
interface Option {
  description: string;
  numberOfInstallments: string;
  amount: string;
  dueDate?: string;
  isPartialPayment: string;
  installmentList: { installment: Installment[] };
}
interface Position {
  fiscalCodePA: string;
  companyName: string;
  debtor: { uniqueIdentifier: { entityUniqueIdentifierType: string; entityUniqueIdentifierValue: string }; fullName: string };
  status: string;
  paymentOptionList: { paymentOption: Option[] };
}
interface Listing {
  outcome: string;
  fault?: { faultCode: string; description?: string };
  pageInfo?: { page: string; limit: string; itemsFound: string; totalPages: string };
  positionList?: { position?: Position[] } | '';
}

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (name) => ['position', 'paymentOption', 'installment'].includes(name),
});
const listing = (raw: string): Listing => parser.parse(raw).Envelope.Body.paGetPaymentsByDebtorResponse as Listing;
const positions = (l: Listing): Position[] => (typeof l.positionList === 'object' ? (l.positionList.position ?? []) : []);
const iupdOf = (p: Position) => p.paymentOptionList.paymentOption[0]!.installmentList.installment[0]!.description.split(' option')[0];

const YEAR = new Date().getUTCFullYear();
const DEMO = demoPositions(YEAR);
const TARI = DEMO[0]!;

describe.each(DATABASE_IDS)('paGetPaymentsByDebtor on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;

  beforeAll(async () => {
    const url = await database.create();
    server = await startServer({ db: url });
    await seed(url, PULL_FIXTURE);
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const list = async (type: 'F' | 'G', value: string, extra: Parameters<NodeForPsp['byDebtor']>[2] = {}, creds: object = PSP) =>
    listing((await nodo.byDebtor(type, value, extra, creds)).raw);

  it('is in the served WSDL, documented as an extension', async () => {
    const wsdl = await (await fetch(server.wsdlUrl)).text();
    expect(wsdl).toContain('<soap:operation soapAction="paGetPaymentsByDebtor"/>');
    expect(wsdl).toMatch(/Emulator extension \(spec §9\.4\)/);
  });

  it('lists the open positions of an F debtor, grouped as payments pull groups them', async () => {
    const l = await list('F', DEBTOR_F);
    expect(l.outcome).toBe('OK');
    expect(l.pageInfo).toEqual({ page: '0', limit: '50', itemsFound: '7', totalPages: '1' });
    const ps = positions(l);
    expect(ps.map(iupdOf)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7']);
    expect(ps[0]).toMatchObject({
      fiscalCodePA: EC,
      companyName: 'Comune di Test',
      debtor: { uniqueIdentifier: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: DEBTOR_F }, fullName: 'Lucia Bianchi' },
      status: 'VALID',
    });
    expect(ps[0]!.paymentOptionList.paymentOption).toEqual([
      expect.objectContaining({ numberOfInstallments: '1', amount: '10.00', dueDate: '2030-01-01', isPartialPayment: 'false' }),
    ]);
    expect(ps[5]!.fiscalCodePA).toBe(EC2);
    // P7: the single payment first (earliest due date), then the three installments as one option
    const p7 = ps[6]!.paymentOptionList.paymentOption;
    expect(p7.map((o) => [o.numberOfInstallments, o.amount, o.dueDate, o.isPartialPayment])).toEqual([
      ['1', '300.00', '2030-01-31', 'false'],
      ['3', '300.01', '2030-02-28', 'true'],
    ]);
    expect(p7[1]!.installmentList.installment.map((i) => [i.amount, i.dueDate, i.status])).toEqual([
      ['100.00', '2030-02-28', 'PO_UNPAID'],
      ['100.00', '2030-03-31', 'PO_UNPAID'],
      ['100.01', '2030-04-30', 'PO_UNPAID'],
    ]);
    const first = p7[1]!.installmentList.installment[0]!;
    expect(first.creditorReferenceId).toBe(first.noticeNumber.slice(1));
  });

  it('journals the whole listing: a large answer (stored deflated) exports byte for byte', async () => {
    const { raw } = await nodo.byDebtor('F', DEBTOR_F);
    expect(raw.length).toBeGreaterThan(2048);
    let id: number | undefined;
    for (let i = 0; i < 50 && id === undefined; i++) {
      const page = await admin<{ items: { id: number; response_xml?: string }[] }>(server.baseUrl, '/admin/journal?operation=paGetPaymentsByDebtor&limit=1');
      const res = page.body.items[0] && (await (await fetch(`${server.baseUrl}/admin/journal/${page.body.items[0].id}/response.xml`)).text());
      if (res === raw) id = page.body.items[0]!.id;
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(id).toBeDefined();
  });

  it('lists a G debtor; nothing found is OK with an empty list', async () => {
    const g = await list('G', DEBTOR_G);
    expect(positions(g).map((p) => [p.debtor.fullName, p.paymentOptionList.paymentOption[0]!.amount])).toEqual([['Beta S.p.A.', '1234.56']]);
    const none = await list('G', '12345678901');
    expect(none.outcome).toBe('OK');
    expect(none.pageInfo).toEqual({ page: '0', limit: '50', itemsFound: '0', totalPages: '0' });
    expect(positions(none)).toEqual([]);
  });

  it('pages: full pages, the last page, past the end, limit 100', async () => {
    const p0 = await list('F', DEBTOR_F, { limit: 3, page: 0 });
    const p1 = await list('F', DEBTOR_F, { limit: 3, page: 1 });
    const p2 = await list('F', DEBTOR_F, { limit: 3, page: 2 });
    const p3 = await list('F', DEBTOR_F, { limit: 3, page: 3 });
    expect([p0, p1, p2, p3].map((l) => positions(l).map(iupdOf))).toEqual([['P1', 'P2', 'P3'], ['P4', 'P5', 'P6'], ['P7'], []]);
    expect(p2.pageInfo).toEqual({ page: '2', limit: '3', itemsFound: '7', totalPages: '3' });
    expect(p3.outcome).toBe('OK');
    expect(p3.pageInfo).toEqual({ page: '3', limit: '3', itemsFound: '7', totalPages: '3' });
    const l100 = await list('F', DEBTOR_F, { limit: 100 });
    expect(l100.pageInfo).toEqual({ page: '0', limit: '100', itemsFound: '7', totalPages: '1' });
  });

  it('rejects limit 101, limit 0, a negative page and an unknown status at the XSD gate', async () => {
    for (const [extra, token] of [
      ['<limit>101</limit>', "'101'"],
      ['<limit>0</limit>', "'0'"],
      ['<page>-1</page>', "'-1'"],
      ['<status>OPEN</status>', "'OPEN'"],
    ] as const) {
      const xml = envelope(
        `<nod:paGetPaymentsByDebtorRequest>${credsXml()}<debtor><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>${DEBTOR_F}</entityUniqueIdentifierValue></debtor>${extra}</nod:paGetPaymentsByDebtorRequest>`,
      );
      const r = await postSoap(server.soapUrl, xml, 'paGetPaymentsByDebtor');
      expect(r.status).toBe(200);
      expect(r.element).toBe('paGetPaymentsByDebtorResponse');
      expect(r.payload.outcome).toBe('KO');
      expect(r.payload.fault?.faultCode).toBe('PPT_SINTASSI_EXTRAXSD');
      expect(r.payload.fault?.description).toContain(token);
      expect(r.payload).not.toHaveProperty('pageInfo');
    }
  });

  it('filters by creditor institution and by due date', async () => {
    expect(positions(await list('F', DEBTOR_F, { fiscalCodePA: EC2 })).map(iupdOf)).toEqual(['P6']);
    expect(positions(await list('F', DEBTOR_F, { fiscalCodePA: '11111111111' }))).toEqual([]);
    const due = await list('F', DEBTOR_F, { dueDateFrom: '2030-01-04' });
    expect(positions(due).map(iupdOf)).toEqual(['P4', 'P5', 'P7']);
    expect(due.pageInfo?.itemsFound).toBe('3');
    const both = await list('F', DEBTOR_F, { fiscalCodePA: EC, dueDateFrom: '2030-02-01', limit: 1 });
    expect(positions(both).map(iupdOf)).toEqual(['P7']);
  });

  it('answers PPT_SEMANTICA for a fiscal code malformed for its type', async () => {
    for (const [type, value, words] of [
      ['F', 'bnclcu90a41f205z', 'type F: 16 characters A-Z, 0-9'],
      ['F', 'BNCLCU90A41F205', 'type F: 16 characters A-Z, 0-9'],
      ['F', '01234567897', 'type F: 16 characters A-Z, 0-9'],
      ['G', DEBTOR_F, 'type G: 11 digits'],
      ['G', '0123456789A', 'type G: 11 digits'],
    ] as const) {
      const l = await list(type, value);
      expect(l.outcome).toBe('KO');
      expect(l.fault).toMatchObject({ faultCode: 'PPT_SEMANTICA', faultString: 'Errore semantico.', id: 'NodoDeiPagamentiSPC' });
      expect(l.fault?.description).toBe(`entityUniqueIdentifierValue '${value}' is not a ${type === 'F' ? "natural person's" : "legal person's"} fiscal code (${words})`);
    }
  });

  it('applies the PSP registry checks (not the model-3 channel check)', async () => {
    const wrong = await list('F', DEBTOR_F, {}, { ...PSP, password: 'wrongpwd1' });
    expect(wrong.fault).toMatchObject({ faultCode: 'PPT_AUTENTICAZIONE', description: 'Password sconosciuta o errata' });
    expect((await list('F', DEBTOR_F, {}, { ...PSP, idPSP: 'NOPE' })).fault?.faultCode).toBe('PPT_PSP_SCONOSCIUTO');
    expect((await list('F', DEBTOR_F, {}, { ...PSP, idChannel: 'NOPE_01' })).fault?.faultCode).toBe('PPT_CANALE_SCONOSCIUTO');
    expect((await list('F', DEBTOR_F, {}, PSP_V2)).outcome).toBe('OK');
  });

  it('lists a demo installment, pays it with the normal flow, then it leaves UNPAID and shows PO_PAID under ALL', async () => {
    const debtor = TARI.debtor.entityUniqueIdentifierValue;
    const before = positions(await list('F', debtor));
    const tari = before.find((p) => p.paymentOptionList.paymentOption.some((o) => o.isPartialPayment === 'true'))!;
    expect(tari.status).toBe('VALID');
    const plan = tari.paymentOptionList.paymentOption.find((o) => o.isPartialPayment === 'true')!;
    expect(plan.numberOfInstallments).toBe('3');
    const first = plan.installmentList.installment[0]!;
    expect(first.noticeNumber).toBe(TARI.options[0]!.noticeNumber);

    expect((await nodo.verify(first.noticeNumber, PSP, tari.fiscalCodePA)).result.outcome).toBe('OK');
    const a = await nodo.activate(first.noticeNumber, { amount: first.amount }, PSP, tari.fiscalCodePA);
    expect(a.result.outcome).toBe('OK');
    expect((await nodo.outcome(a.result.paymentToken as string, 'OK')).result.outcome).toBe('OK');

    const after = positions(await list('F', debtor)).find(
      (p) => p.companyName === tari.companyName && p.paymentOptionList.paymentOption.some((o) => o.isPartialPayment === 'true'),
    )!;
    expect(after.status).toBe('PARTIALLY_PAID');
    const openPlan = after.paymentOptionList.paymentOption.find((o) => o.isPartialPayment === 'true')!;
    expect(openPlan.numberOfInstallments).toBe('2');
    expect(openPlan.installmentList.installment.map((i) => i.noticeNumber)).not.toContain(first.noticeNumber);

    const all = positions(await list('F', debtor, { status: 'ALL' }));
    const installments = all.flatMap((p) => p.paymentOptionList.paymentOption.flatMap((o) => o.installmentList.installment));
    expect(installments.find((i) => i.noticeNumber === first.noticeNumber)?.status).toBe('PO_PAID');
    expect(installments.filter((i) => i.status === 'PO_UNPAID').length).toBe(installments.length - 1);
  });
});
