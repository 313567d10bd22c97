import * as soap from 'soap';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { assertValidEcMessage } from '../helpers/xsd';

export const EC = '66666666666';
export const EC2 = '88888888888';
export const IBAN = 'IT45R0760103200000000001016';
export const IBAN_B = 'IT30N0103076271000001823603';
export const IBAN2 = 'IT57N0760114800000011050036';
export const GPD = '/gpd/debt-positions-service/v1';
export const PA_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';

let counter = 0;
/** A fresh notice number of the mock's demo station 66666666666_03 (segregation 03), base13 starting with 6. */
export function freshNav(seg = '03'): string {
  counter = (counter + 1) % 1000;
  return buildNoticeNumber(3, seg, `6${String(Date.now() % 1e9).padStart(9, '0')}${String(counter).padStart(3, '0')}`);
}

export interface TransferSpec {
  cents: number;
  ec?: string;
  iban?: string;
  postalIban?: string;
  stamp?: boolean;
}

/**
 * Creates a position with one option on `nav` through the emulator's GPD API (the archive the mock EC
 * answers from). `toPublish` false leaves it DRAFT.
 */
export async function createPosition(
  baseUrl: string,
  nav: string,
  opts: { transfers?: TransferSpec[]; toPublish?: boolean; switchToExpired?: boolean; dueInDays?: number; officeName?: string } = {},
): Promise<{ nav: string; iupd: string; amountCents: number }> {
  const transfers = opts.transfers ?? [{ cents: 12050, iban: IBAN }];
  const amountCents = transfers.reduce((s, t) => s + t.cents, 0);
  const iupd = `MOCKEC-${nav}`;
  const body = {
    iupd,
    type: 'F',
    fiscalCode: 'BNCLRA85C41F205Z',
    fullName: 'Laura Bianchi',
    streetName: 'Via Po',
    civicNumber: '3',
    postalCode: '10100',
    city: 'Torino',
    province: 'TO',
    country: 'IT',
    email: 'laura.bianchi@example.org',
    switchToExpired: opts.switchToExpired ?? false,
    companyName: 'Comune di Test',
    ...(opts.officeName ? { officeName: opts.officeName } : {}),
    paymentOption: [
      {
        nav,
        iuv: nav.slice(1),
        amount: amountCents,
        description: `Avviso ${nav}`,
        isPartialPayment: false,
        dueDate: new Date(Date.now() + (opts.dueInDays ?? 30) * 86_400_000).toISOString(),
        transfer: transfers.map((t, i) => ({
          idTransfer: String(i + 1),
          amount: t.cents,
          remittanceInformation: `quota ${i + 1}`,
          category: t.stamp ? '9/0101100IM/' : '0101101IM',
          ...(t.ec ? { organizationFiscalCode: t.ec } : {}),
          ...(t.stamp ? { stamp: { hashDocument: 'a'.repeat(44), stampType: '01', provincialResidence: 'RM' } } : { iban: t.iban ?? IBAN }),
          ...(t.postalIban ? { postalIban: t.postalIban } : {}),
          transferMetadata: [{ key: 'quota', value: String(i + 1) }],
        })),
      },
    ],
  };
  const res = await fetch(`${baseUrl}${GPD}/organizations/${EC}/debtpositions?toPublish=${opts.toPublish ?? true}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': `demo-ec-${EC}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`GPD create ${nav}: ${res.status} ${await res.text()}`);
  return { nav, iupd, amountCents };
}

export async function invalidatePosition(baseUrl: string, iupd: string): Promise<void> {
  const res = await fetch(`${baseUrl}${GPD}/organizations/${EC}/debtpositions/${iupd}/invalidate`, { method: 'POST', headers: { 'Ocp-Apim-Subscription-Key': `demo-ec-${EC}` } });
  if (res.status !== 200) throw new Error(`GPD invalidate ${iupd}: ${res.status} ${await res.text()}`);
}

/** The request head the node sends: idPA, idBrokerPA, idStation, qrCode (node-soap writes keys in insertion order). */
export const head = (nav: string, idPA = EC, fiscalCode = EC) => ({ idPA, idBrokerPA: EC, idStation: `${EC}_03`, qrCode: { fiscalCode, noticeNumber: nav } });

/** A ctReceipt / ctReceiptV2, fields in XSD order, one transfer per (fiscalCode, IBAN, cents). */
export function receipt(nav: string, receiptId: string, transfers: { ec: string; iban: string; cents: number }[], v2: boolean, fiscalCode = EC) {
  const cents = transfers.reduce((s, t) => s + t.cents, 0);
  const eur = (c: number) => (c / 100).toFixed(2);
  return {
    receiptId,
    noticeNumber: nav,
    fiscalCode,
    outcome: 'OK',
    creditorReferenceId: nav.slice(1),
    paymentAmount: eur(cents),
    description: `Avviso ${nav}`,
    companyName: 'Comune di Test',
    debtor: { uniqueIdentifier: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'BNCLRA85C41F205Z' }, fullName: 'Laura Bianchi' },
    transferList: {
      transfer: transfers.map((t, i) => ({
        idTransfer: i + 1,
        transferAmount: eur(t.cents),
        fiscalCodePA: t.ec,
        ...(v2 ? { companyName: t.ec === EC ? 'Comune di Test' : 'Regione di Test' } : {}),
        IBAN: t.iban,
        remittanceInformation: `quota ${i + 1}`,
        transferCategory: '0101101IM',
      })),
    },
    idPSP: '60000000001',
    PSPCompanyName: 'PSP di test',
    idChannel: '60000000001_08',
    channelDescription: 'canale versione primitive 2',
    paymentMethod: 'creditCard',
    fee: '1.00',
    paymentDateTime: '2026-11-22T10:00:00',
    applicationDate: '2026-11-22',
    transferDate: '2026-11-23',
  };
}

export interface PaResult {
  outcome?: string;
  fault?: { faultCode: string; faultString: string; id: string; description?: string };
  [k: string]: unknown;
}

/** A node-soap client built from the mock's own `?wsdl`; every answer validated against the official paForNode.xsd. */
export class PaForNode {
  private constructor(readonly client: soap.Client) {}

  static async connect(mockUrl: string): Promise<PaForNode> {
    return new PaForNode(await soap.createClientAsync(`${mockUrl}?wsdl`));
  }

  async call(operation: string, args: object): Promise<{ result: PaResult; raw: string; request: string }> {
    const r = await this.unchecked(operation, args);
    await assertValidEcMessage(r.raw);
    return r;
  }

  /** The same call, the answer not validated (for answers the test wants invalid). */
  async unchecked(operation: string, args: object): Promise<{ result: PaResult; raw: string; request: string }> {
    const fn = (this.client as unknown as Record<string, (a: object) => Promise<[PaResult, string, unknown, string]>>)[`${operation}Async`];
    if (!fn) throw new Error(`the WSDL has no operation ${operation}`);
    const [result, raw, , request] = await fn.call(this.client, args);
    return { result, raw, request };
  }
}

/** POSTs a hand-written paForNode envelope. */
export async function postPa(url: string, inner: string, soapAction?: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=UTF-8', ...(soapAction !== undefined ? { SOAPAction: soapAction } : {}) },
    body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="${PA_NS}"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`,
  });
  return { status: res.status, body: await res.text() };
}

export const verifyXml = (nav: string, idPA = EC) =>
  `<pafn:paVerifyPaymentNoticeReq><idPA>${idPA}</idPA><idBrokerPA>${EC}</idBrokerPA><idStation>${EC}_03</idStation><qrCode><fiscalCode>${EC}</fiscalCode><noticeNumber>${nav}</noticeNumber></qrCode></pafn:paVerifyPaymentNoticeReq>`;
