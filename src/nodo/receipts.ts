import { DEFAULT_TIMEOUTS } from '../ec/stationClient';
import type { Registry } from './registry';
import type { Psp, Station } from './registryModel';
import { transition } from './stateMachine';
import type { OutcomeDetails, PaymentData } from './types';
import { requestXml } from '../soap/operation';
import { paSendRTOp, type PaReceipt, type PaSendRTReq } from '../soap/operations/paSendRT';
import { paSendRTV2Op } from '../soap/operations/paSendRTV2';
import { appendEvent, casNotice, casToken } from '../store/payments';
import { insertReceipt } from '../store/receipts';
import type { PaymentTokenRow } from '../store/rows';
import type { Sql } from '../store/sql';

/**
 * The receipt of an accepted OK outcome (spec §4.4) and who gets it (§8.7), written to the outbox in the
 * payment's own transaction. Everything here is computed from the token row, the outcome and the
 * registry snapshot: no extra reads, so the hot transaction only gains one INSERT per recipient.
 */
export interface Recipient {
  /** idPA: the notice owner for the primary copy, a secondary EC of the transfers for a broadcast copy */
  fiscalCode: string;
  station: Station;
  version: 1 | 2;
  primary: boolean;
}

/** What receipts need of a registry snapshot, indexed once per snapshot (the Registry class has no such lookups). */
interface ReceiptIndex {
  psps: Map<string, Psp>;
  stations: Map<string, Station>;
  /** EC → stations of its associations with broadcast, each with the association's primitive version */
  broadcast: Map<string, { station: Station; version: 1 | 2 }[]>;
  /** `${ec}|${station}` → the association's primitive version, when it sets one */
  versions: Map<string, 1 | 2>;
  /** the longest paSendRT timeout of any remote station: the delivery lease must outlast it */
  maxSendRtMs: number;
}

const indexes = new WeakMap<Registry, ReceiptIndex>();

export function receiptIndex(reg: Registry): ReceiptIndex {
  let ix = indexes.get(reg);
  if (ix) return ix;
  const stations = new Map(reg.doc.stations.map((s) => [s.stationCode, s]));
  const broadcast = new Map<string, { station: Station; version: 1 | 2 }[]>();
  const versions = new Map<string, 1 | 2>();
  for (const a of reg.doc.stationCreditorInstitutions) {
    const station = stations.get(a.stationCode);
    if (!station) continue;
    if (a.primitiveVersion) versions.set(`${a.creditorInstitutionCode}|${a.stationCode}`, a.primitiveVersion);
    if (!a.broadcast || !station.enabled) continue;
    const list = broadcast.get(a.creditorInstitutionCode) ?? [];
    // an EC may reach one station through several associations (segregation codes): one copy per station
    if (!list.some((l) => l.station.stationCode === station.stationCode)) list.push({ station, version: a.primitiveVersion ?? station.primitiveVersion });
    broadcast.set(a.creditorInstitutionCode, list);
  }
  const remote = reg.doc.stations.filter((s) => s.backend.type === 'remote');
  ix = {
    psps: new Map(reg.doc.psps.map((p) => [p.pspCode, p])),
    stations,
    broadcast,
    versions,
    maxSendRtMs: remote.length ? Math.max(...remote.map((s) => s.backend.timeouts?.sendRtMs ?? DEFAULT_TIMEOUTS.sendRtMs)) : DEFAULT_TIMEOUTS.sendRtMs,
  };
  indexes.set(reg, ix);
  return ix;
}

/**
 * §8.7: the station that served the notice (the token's), for the notice owner; then, for every other EC
 * of the transfer list, the station(s) of its associations with `broadcast`. A station the registry no
 * longer knows still gets its primary copy (delivery reports the problem); broadcast needs enabled stations.
 */
export function recipientsOf(reg: Registry, t: PaymentTokenRow, data: PaymentData): Recipient[] {
  const ix = receiptIndex(reg);
  // a station removed since the activation: station codes are `<broker>_NN` by convention
  const station =
    ix.stations.get(t.station_code) ??
    ({ stationCode: t.station_code, enabled: false, brokerCode: t.station_code.split('_')[0], primitiveVersion: 1, backend: { type: 'remote' } } as Station);
  const out: Recipient[] = [{ fiscalCode: t.fiscal_code, station, version: ix.versions.get(`${t.fiscal_code}|${t.station_code}`) ?? station.primitiveVersion, primary: true }];
  const seen = new Set([t.fiscal_code]);
  for (const tr of data.transfers) {
    if (seen.has(tr.fiscalCodePA)) continue;
    seen.add(tr.fiscalCodePA);
    for (const b of ix.broadcast.get(tr.fiscalCodePA) ?? []) out.push({ fiscalCode: tr.fiscalCodePA, station: b.station, version: b.version, primary: false });
  }
  return out;
}

/** True when the primary EC's station is GPD-hosted (archive, synthetic): storing its receipt is its delivery. */
export const primaryStoredAtOnce = (recipients: Recipient[]): boolean => recipients.some((r) => r.primary && r.station.backend.type !== 'remote');

/**
 * Writes one outbox row per recipient. Stations of GPD-hosted ECs (archive, synthetic backends) hold the
 * receipt as soon as it is stored: their rows are NOTIFIED at once, and their XML is not stored (empty
 * request_xml) but rendered on demand from the token row by receiptXml.ts: what was sent is only stored
 * for remote stations. The caller moves the token and notice to NOTIFIED in the same transaction when the
 * primary copy is such a row (primaryStoredAtOnce). Remote rows wait for the delivery worker: returns how
 * many, so that the worker is woken only when there is something to send.
 */
export async function enqueueReceipts(
  q: Sql,
  t: PaymentTokenRow,
  data: PaymentData,
  recipients: Recipient[],
  parties: ReceiptParties,
  details: OutcomeDetails | undefined,
  at: number,
): Promise<number> {
  let remote = 0;
  for (const r of recipients) {
    const local = r.station.backend.type !== 'remote';
    const v2 = receiptIsV2(r.version, data);
    await insertReceipt(q, {
      token: t.token,
      notice_id: t.notice_id,
      fiscal_code: t.fiscal_code,
      notice_number: t.notice_number,
      creditor_reference_id: data.creditorReferenceId,
      debtor_fiscal_code: data.debtor.entityUniqueIdentifierValue,
      recipient_fiscal_code: r.fiscalCode,
      broker_code: r.station.brokerCode,
      station_code: r.station.stationCode,
      backend: r.station.backend.type,
      primitive: v2 ? 'paSendRTV2' : 'paSendRT',
      is_primary: r.primary,
      status: local ? 'NOTIFIED' : 'NOTICE_GENERATED',
      attempts: 0,
      next_attempt_at: local ? null : at,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      request_xml: local ? '' : receiptEnvelope(parties, addressOf(r), v2, t, data, details, at),
      payment_date_time: at,
      created_at: at,
      updated_at: at,
      notified_at: local ? at : null,
    });
    if (!local) remote++;
  }
  return remote;
}

/** ctTransferListPA (V1) has no place for a stamp: a receipt with a stamp transfer always goes as V2. */
const receiptIsV2 = (version: 1 | 2, data: PaymentData) => version === 2 || data.transfers.some((tr) => !tr.IBAN);

/** The primary EC has the receipt: token and notice PAID → NOTIFIED (once; a resend changes nothing). */
export async function markNotified(q: Sql, token: string, noticeId: number, at: number): Promise<boolean> {
  const tr = transition('RECEIPT_NOTIFIED', 'PAID', 'PAID', new Date(at));
  if (!(await casToken(q, token, tr))) return false;
  await casNotice(q, noticeId, tr, token, token);
  await appendEvent(q, noticeId, token, tr);
  return true;
}

// ---- the paSendRT(V2) request, typed; the descriptor writes it in ctReceipt / ctReceiptV2 order ---------

const text = (s: string | undefined, max: number) => (s ? s.slice(0, max) : undefined);

/** Who the receipt is addressed to: the recipient EC and its station (a receipts row holds the three). */
export interface ReceiptAddress {
  fiscalCode: string;
  brokerCode: string;
  stationCode: string;
}

export const addressOf = (r: Recipient): ReceiptAddress => ({ fiscalCode: r.fiscalCode, brokerCode: r.station.brokerCode, stationCode: r.station.stationCode });

/**
 * The receipt's fields that come from the registry, as they were when the outcome was accepted: stored with
 * the outcome (outcomeRecord.ts) so that a receipt rendered later is the one of that day even if the PSP,
 * its channel or the EC have since been renamed. companyName only when the payment itself has none.
 */
export interface ReceiptParties {
  pspCompanyName: string;
  pspFiscalCode?: string;
  pspPartitaIVA?: string;
  channelDescription: string;
  companyName?: string;
}

export function receiptParties(reg: Registry, t: PaymentTokenRow, data: PaymentData): ReceiptParties {
  const psp = receiptIndex(reg).psps.get(t.id_psp);
  const channel = reg.channel(t.id_channel);
  const parties: ReceiptParties = {
    pspCompanyName: text(psp?.businessName, 70) ?? t.id_psp,
    // stText35: a longer description cannot be sent, the channel code always fits
    channelDescription: channel?.description && channel.description.length <= 35 ? channel.description : t.id_channel,
  };
  const pspFiscalCode = text(psp?.taxCode, 70);
  if (pspFiscalCode) parties.pspFiscalCode = pspFiscalCode;
  const vat = text(psp?.vatNumber, 20);
  if (vat) parties.pspPartitaIVA = vat;
  // paGetPayment V1 may omit companyName; the receipt may not
  if (!data.companyName) parties.companyName = reg.creditorInstitution(t.fiscal_code)?.businessName || t.fiscal_code;
  return parties;
}

export function receiptEnvelope(p: ReceiptParties, r: ReceiptAddress, v2: boolean, t: PaymentTokenRow, data: PaymentData, d: OutcomeDetails | undefined, at: number): string {
  return requestXml(v2 ? paSendRTV2Op : paSendRTOp, receiptRequest(p, r, t, data, d, at));
}

/** The receipt of an OK outcome; V1-only or V2-only fields are dropped by the V1 or V2 descriptor. */
export function receiptRequest(p: ReceiptParties, r: ReceiptAddress, t: PaymentTokenRow, data: PaymentData, d: OutcomeDetails | undefined, at: number): PaSendRTReq {
  // a stamp transfer carries the stamp the PSP issued (sendPaymentOutcomeV2 marcheDaBollo, matched by token
  // and idTransfer). The outcome does not insist on it today: without one the element is empty, which
  // base64Binary allows, so the receipt stays valid and shows the stamp is missing.
  const stamps = new Map((d?.marcheDaBollo ?? []).filter((m) => m.paymentToken === t.token).map((m) => [m.idTransfer, m.MBDAttachment]));
  const receipt: PaReceipt = {
    receiptId: t.token,
    noticeNumber: t.notice_number,
    fiscalCode: t.fiscal_code,
    outcome: 'OK',
    creditorReferenceId: data.creditorReferenceId,
    paymentAmountCents: Number(t.amount_cents),
    description: data.description,
    companyName: data.companyName || p.companyName || t.fiscal_code,
    debtor: data.debtor,
    transfers: data.transfers.map((tr) => {
      // the stamp request becomes the issued stamp; a V1 receipt has no place for either
      const { richiestaMarcaDaBollo: _asked, ...rest } = tr;
      return tr.IBAN ? rest : { ...rest, MBDAttachment: stamps.get(tr.idTransfer) ?? '' };
    }),
    idPSP: t.id_psp,
    PSPCompanyName: p.pspCompanyName,
    idChannel: t.id_channel,
    channelDescription: p.channelDescription,
    paymentDateTime: new Date(at).toISOString(),
  };
  if (data.officeName !== undefined) receipt.officeName = data.officeName;
  if (p.pspFiscalCode) receipt.pspFiscalCode = p.pspFiscalCode;
  if (p.pspPartitaIVA) receipt.pspPartitaIVA = p.pspPartitaIVA;
  if (d?.payer) receipt.payer = d.payer;
  if (d?.paymentMethod !== undefined) receipt.paymentMethod = d.paymentMethod;
  if (t.payment_note) receipt.paymentNote = t.payment_note;
  if (d?.feeCents !== undefined) receipt.feeCents = d.feeCents;
  if (d?.primaryCiIncurredFeeCents !== undefined) receipt.primaryCiIncurredFeeCents = d.primaryCiIncurredFeeCents;
  if (d?.idBundle !== undefined) receipt.idBundle = d.idBundle;
  if (d?.idCiBundle !== undefined) receipt.idCiBundle = d.idCiBundle;
  if (d?.applicationDate !== undefined) receipt.applicationDate = d.applicationDate;
  if (d?.transferDate !== undefined) receipt.transferDate = d.transferDate;
  if (data.metadata?.length) receipt.metadata = data.metadata;
  if (data.standin) receipt.standIn = true;
  return { idPA: r.fiscalCode, idBrokerPA: r.brokerCode, idStation: r.stationCode, receipt };
}
