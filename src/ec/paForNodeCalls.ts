import { EcFault, StationFailure } from '../nodo/faults';
import { readSubject } from '../soap/xmlTrees';
import { formatAmount, parseAmount } from '../nodo/money';
import type { Registry } from '../nodo/registry';
import type { MapEntry, PaymentData, Transfer, VerifyData } from '../nodo/types';
import type { XmlObject } from '../soap/libxml';
import { paForNodeEnvelope, type XmlTree } from '../soap/xmlWriter';
import type { EcCall, GetPaymentCall } from './backend';

/**
 * The paForNode messages the node sends to a station for a payment, and the reading of the answers.
 * Answers arrive XSD-valid (stationClient.ts checked them against paForNode.xsd); what is checked here
 * is what the XSD cannot say (spec §4.1–§4.3, TEST paVerifyPaymentNoticeRes_syntax_ko, paGetPaymentRes_*):
 * a KO carries a fault, an OK carries its data, the amounts add up, every transfer names a registered,
 * enabled EC and one of its registered IBANs. Any violation is PPT_STAZIONE_INT_PA_ERRORE_RESPONSE with
 * a detail that tells the EC developer what was wrong; the PSP sees it in the fault's description.
 */

export type GetPaymentPrimitive = 'paGetPayment' | 'paGetPaymentV2';

/** Wrapper elements of each call: request, and the answer stationClient must find in the Body. */
export const PA_FOR_NODE_ELEMENTS = {
  paVerifyPaymentNotice: { request: 'paVerifyPaymentNoticeReq', response: 'paVerifyPaymentNoticeRes' },
  paGetPayment: { request: 'paGetPaymentReq', response: 'paGetPaymentRes' },
  paGetPaymentV2: { request: 'paGetPaymentV2Request', response: 'paGetPaymentV2Response' },
} as const;

// idPA is the notice's EC (qrCode.fiscalCode), idBrokerPA/idStation what the registry resolved from the
// notice number (spec §4, §7.3): the real node sends exactly these.
function head(call: EcCall): XmlTree {
  return [
    ['idPA', call.fiscalCode],
    ['idBrokerPA', call.ec.brokerCode],
    ['idStation', call.ec.station.stationCode],
    ['qrCode', [['fiscalCode', call.fiscalCode], ['noticeNumber', call.noticeNumber]]],
  ];
}

export function paVerifyPaymentNoticeReq(call: EcCall): string {
  return paForNodeEnvelope(PA_FOR_NODE_ELEMENTS.paVerifyPaymentNotice.request, head(call));
}

/** paGetPaymentReq / paGetPaymentV2Request: same fields; `amount` is the amount the PSP activated. */
export function paGetPaymentReq(call: GetPaymentCall, primitive: GetPaymentPrimitive): string {
  return paForNodeEnvelope(PA_FOR_NODE_ELEMENTS[primitive].request, [
    ...head(call),
    ['amount', formatAmount(call.amountCents)],
    ['paymentNote', call.paymentNote],
    ['dueDate', call.dueDate],
  ]);
}

// ---- reading -----------------------------------------------------------------------------------------
const opt = (o: XmlObject, name: string): string | undefined => o[name]?.[0] as string | undefined;
const text = (o: XmlObject, name: string): string => o[name]![0] as string;
const optObj = (o: XmlObject, name: string): XmlObject | undefined => {
  const v = o[name]?.[0];
  return typeof v === 'object' ? v : undefined;
};
// xsd:decimal, xsd:int and xsd:boolean collapse whitespace: " 10.00 " is a valid amount on the wire
const cents = (s: string) => parseAmount(s.trim());
const bool = (s: string) => ['true', '1'].includes(s.trim());

const bad = (detail: string) => new StationFailure('PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', detail);

/**
 * outcome KO: the EC's fault, relayed to the PSP as PPT_ERRORE_EMESSO_DA_PAA with id = the EC (whatever
 * id the EC wrote); a KO without a fault is no answer at all.
 */
function koOf(answer: XmlObject, element: string, call: EcCall): EcFault | StationFailure | undefined {
  if (opt(answer, 'outcome')?.trim() !== 'KO') return undefined;
  const fault = optObj(answer, 'fault');
  if (!fault) return bad(`${element}: outcome KO without fault`);
  return new EcFault(text(fault, 'faultCode'), text(fault, 'faultString'), call.fiscalCode, opt(fault, 'description'));
}

export function readVerifyAnswer(answer: XmlObject, call: EcCall): VerifyData {
  const element = PA_FOR_NODE_ELEMENTS.paVerifyPaymentNotice.response;
  const ko = koOf(answer, element, call);
  if (ko) throw ko;
  const missing = ['paymentList', 'paymentDescription', 'fiscalCodePA', 'companyName'].filter((n) => answer[n] === undefined);
  if (missing.length) throw bad(`${element}: outcome OK without ${missing.join(', ')}`);
  const options = (optObj(answer, 'paymentList')?.paymentOptionDescription ?? []) as XmlObject[];
  if (options.length !== 1) throw bad(`${element}: paymentList must hold exactly one paymentOptionDescription, got ${options.length}`);
  const o = options[0]!;
  const data: VerifyData = {
    amountCents: cents(text(o, 'amount')),
    options: text(o, 'options') as VerifyData['options'],
    allCCP: bool(text(o, 'allCCP')),
    paymentDescription: text(answer, 'paymentDescription'),
    fiscalCodePA: text(answer, 'fiscalCodePA'),
    companyName: text(answer, 'companyName'),
  };
  const dueDate = opt(o, 'dueDate');
  if (dueDate !== undefined) data.dueDate = dueDate;
  const detail = opt(o, 'detailDescription');
  if (detail !== undefined) data.detailDescription = detail;
  const office = opt(answer, 'officeName');
  if (office !== undefined) data.officeName = office;
  return data;
}

export function readPaymentAnswer(answer: XmlObject, call: GetPaymentCall, primitive: GetPaymentPrimitive, registry: Registry): PaymentData {
  const element = PA_FOR_NODE_ELEMENTS[primitive].response;
  const ko = koOf(answer, element, call);
  if (ko) throw ko;
  const d = optObj(answer, 'data');
  if (!d) throw bad(`${element}: outcome OK without data`);
  const transfers = ((optObj(d, 'transferList')?.transfer ?? []) as XmlObject[]).map(transfer);
  const data: PaymentData = {
    creditorReferenceId: text(d, 'creditorReferenceId'),
    paymentAmountCents: cents(text(d, 'paymentAmount')),
    dueDate: text(d, 'dueDate'),
    description: text(d, 'description'),
    // mandatory in V2; a V1 answer may omit it, and the PSP's activate response needs one: the registry's
    companyName: opt(d, 'companyName') ?? call.ec.ec.businessName,
    debtor: readSubject(optObj(d, 'debtor')!),
    transfers,
  };
  const office = opt(d, 'officeName');
  if (office !== undefined) data.officeName = office;
  const meta = metadata(optObj(d, 'metadata'));
  if (meta) data.metadata = meta;
  checkTransfers(data, element, registry);
  return data;
}

/** spec §4.2, §8.8: what the node checks on the transfer list before it relays it to the PSP. */
function checkTransfers(data: PaymentData, element: string, registry: Registry): void {
  const seen = new Set<number>();
  let sum = 0;
  for (const t of data.transfers) {
    if (seen.has(t.idTransfer)) throw bad(`${element}: idTransfer ${t.idTransfer} appears more than once in transferList`);
    seen.add(t.idTransfer);
    sum += t.transferAmountCents;
    const ec = registry.creditorInstitution(t.fiscalCodePA);
    if (!ec) throw bad(`${element}: transfer ${t.idTransfer}: fiscalCodePA ${t.fiscalCodePA} is not a creditor institution known to pagoPA`);
    if (!ec.enabled) throw bad(`${element}: transfer ${t.idTransfer}: creditor institution ${t.fiscalCodePA} is disabled`);
    if (t.IBAN !== undefined && !registry.isIbanRegistered(t.fiscalCodePA, t.IBAN)) {
      throw bad(`${element}: transfer ${t.idTransfer}: IBAN ${t.IBAN} is not registered for creditor institution ${t.fiscalCodePA}`);
    }
  }
  if (sum !== data.paymentAmountCents) {
    throw bad(`${element}: paymentAmount ${formatAmount(data.paymentAmountCents)} is not the sum of the transferAmounts (${formatAmount(sum)})`);
  }
}

function transfer(o: XmlObject): Transfer {
  const t: Transfer = {
    idTransfer: Number(text(o, 'idTransfer').trim()),
    transferAmountCents: cents(text(o, 'transferAmount')),
    fiscalCodePA: text(o, 'fiscalCodePA'),
    remittanceInformation: text(o, 'remittanceInformation'),
    transferCategory: text(o, 'transferCategory'),
  };
  const company = opt(o, 'companyName');
  if (company !== undefined) t.companyName = company;
  const iban = opt(o, 'IBAN');
  if (iban !== undefined) t.IBAN = iban;
  const stamp = optObj(o, 'richiestaMarcaDaBollo');
  if (stamp) t.richiestaMarcaDaBollo = { hashDocumento: text(stamp, 'hashDocumento'), tipoBollo: text(stamp, 'tipoBollo'), provinciaResidenza: text(stamp, 'provinciaResidenza') };
  const meta = metadata(optObj(o, 'metadata'));
  if (meta) t.metadata = meta;
  return t;
}

function metadata(o: XmlObject | undefined): MapEntry[] | undefined {
  if (!o) return undefined;
  return (o.mapEntry as XmlObject[]).map((e) => ({ key: text(e, 'key'), value: text(e, 'value') }));
}

