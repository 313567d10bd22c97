import type { Clock } from '../clock';
import { payable, toPaymentData, toVerifyData } from '../ec/archive';
import { createDemandedNotice, toDemandData } from '../ec/demandedNotice';
import { EcFault, PAA_FAULT_STRINGS } from '../nodo/faults';
import { Registry } from '../nodo/registry';
import { serviceXsdFile } from '../nodo/registryFile';
import type { Transfer } from '../nodo/types';
import { findArchivedNotice, markOptionPaid, type ArchivedNotice } from '../store/archive';
import type { Db } from '../store/db';
import { encodeAnswer } from '../soap/operation';
import { PA_FOR_NODE_OPERATIONS } from '../soap/operations/paForNode';
import type { PaDemandPaymentNoticeReq, PaDemandPaymentNoticeRes } from '../soap/operations/paDemandPaymentNotice';
import type { PaGetPaymentReq, PaGetPaymentRes, PaPaymentData } from '../soap/operations/paGetPayment';
import type { PaSendRTReq } from '../soap/operations/paSendRT';
import type { PaPaymentOption, PaVerifyPaymentNoticeReq, PaVerifyPaymentNoticeRes } from '../soap/operations/paVerifyPaymentNotice';
import { readServiceData } from '../soap/serviceData';
import type { XmlTree } from '../soap/xmlWriter';
import { loadRegistry, registryVersion } from '../store/registry';
import { koTree, type MockRequest, type PaaFault } from './soap';

/**
 * The mock EC's own answers, as a GPD-hosted EC gives them (GPD PartnerService, spec §4.7), from the
 * debt positions in the archive: the node's archive backend rules (payable, toVerifyData, toPaymentData)
 * rendered as paForNode responses, every element in xsd/paForNode.xsd order.
 */
export interface AnswerDeps {
  db: Db;
  clock: Clock;
  receipts: ReceivedReceipts;
}

const paa = (code: string, id: string, description?: string): PaaFault => ({
  faultCode: code,
  faultString: PAA_FAULT_STRINGS[code] ?? PAA_FAULT_STRINGS.PAA_SYSTEM_ERROR!,
  id,
  ...(description !== undefined ? { description } : {}),
});

class Ko extends Error {
  constructor(readonly fault: PaaFault) {
    super(fault.faultCode);
  }
}

/**
 * The answer's content (the wrapper's children): outcome OK with its data, or outcome KO with a fault,
 * built typed and written by the operation's descriptor.
 */
export async function answer(deps: AnswerDeps, r: MockRequest): Promise<XmlTree> {
  const id = r.idPA ?? r.fiscalCode ?? '';
  if (r.syntaxError || !r.typed) return koTree(paa('PAA_SINTASSI_XSD', id, r.syntaxError ?? 'invalid request'));
  const t = r.typed;
  try {
    switch (t.primitive) {
      case 'paDemandPaymentNotice': {
        const op = PA_FOR_NODE_OPERATIONS[t.primitive];
        return encodeAnswer(op, { outcome: 'OK', value: demandRes(await demanded(deps, t.req)) });
      }
      case 'paVerifyPaymentNotice': {
        const op = PA_FOR_NODE_OPERATIONS[t.primitive];
        return encodeAnswer(op, { outcome: 'OK', value: verifyRes(toVerifyData(await archived(deps, t.req))) });
      }
      case 'paGetPayment':
      case 'paGetPaymentV2': {
        const op = PA_FOR_NODE_OPERATIONS[t.primitive];
        return encodeAnswer(op, { outcome: 'OK', value: paymentRes(await archived(deps, t.req), t.req, t.primitive === 'paGetPaymentV2') });
      }
      case 'paSendRT':
      case 'paSendRTV2': {
        const op = PA_FOR_NODE_OPERATIONS[t.primitive];
        await receive(deps, t.req);
        return encodeAnswer(op, { outcome: 'OK', value: {} });
      }
    }
  } catch (err) {
    if (err instanceof Ko) return koTree(err.fault);
    if (err instanceof EcFault) return koTree({ faultCode: err.faultCode, faultString: err.faultString, id, ...(err.description ? { description: err.description } : {}) });
    throw err;
  }
}

/** GPD answers for the EC named in idPA; a qrCode of another EC is PAA_ID_DOMINIO_ERRATO. */
async function archived(deps: AnswerDeps, r: PaVerifyPaymentNoticeReq): Promise<ArchivedNotice> {
  if (r.idPA !== r.qrCode.fiscalCode) throw new Ko(paa('PAA_ID_DOMINIO_ERRATO', r.idPA, `idPA ${r.idPA} is not the notice's creditor institution ${r.qrCode.fiscalCode}`));
  return payable(deps.db, r.qrCode);
}

/**
 * paDemandPaymentNotice, as a GPD-hosted EC answers it: the service's specific data checked against its
 * XSD, then a new position in the archive (ec/demandedNotice.ts, the archive backend's own function),
 * numbered on idStation's code for idPA so that its payment comes back to this station. Services,
 * stations and IBANs are the registry's, read from the database this mock shares with the node.
 */
async function demanded(deps: AnswerDeps, r: PaDemandPaymentNoticeReq): Promise<ReturnType<typeof toDemandData>> {
  const registry = await registryOf(deps);
  if (!registry) throw new Ko(paa('PAA_SYSTEM_ERROR', r.idPA, 'the database of this mock EC holds no registry: it knows no service to create a notice for'));
  const service = registry.doc.services.find((s) => s.idServizio === r.idServizio);
  if (!service) throw new Ko(paa('PAA_SEMANTICA', r.idPA, `idServizio ${r.idServizio} is not a service of the catalogue`));
  const read = readServiceData(r.datiSpecificiServizioRequest, serviceXsdFile(service.xsd));
  if (!read.ok) throw new Ko(paa('PAA_SINTASSI_XSD', r.idPA, read.problem));
  const n = await createDemandedNotice(deps.db, registry, deps.clock.now(), { fiscalCode: r.idPA, stationCode: r.idStation, service, document: read.document });
  return toDemandData(n);
}

// the registry snapshot, read again only when its version changes (a demand is rare, the read is not small)
const registries = new WeakMap<Db, Registry>();
async function registryOf(deps: AnswerDeps): Promise<Registry | undefined> {
  const version = await registryVersion(deps.db);
  if (version === undefined) return undefined;
  const cached = registries.get(deps.db);
  if (cached?.version === version) return cached;
  const stored = await loadRegistry(deps.db);
  if (!stored) return undefined;
  const fresh = new Registry(stored.doc, stored.version);
  registries.set(deps.db, fresh);
  return fresh;
}

function demandRes(d: ReturnType<typeof toDemandData>): PaDemandPaymentNoticeRes {
  return { qrCode: d.qrCode, ...verifyRes(d) };
}

function verifyRes(v: ReturnType<typeof toVerifyData>): PaVerifyPaymentNoticeRes {
  const option: PaPaymentOption = { amountCents: v.amountCents, options: v.options, allCCP: v.allCCP };
  if (v.dueDate !== undefined) option.dueDate = v.dueDate;
  if (v.detailDescription !== undefined) option.detailDescription = v.detailDescription;
  const res: PaVerifyPaymentNoticeRes = { paymentList: [option], paymentDescription: v.paymentDescription, fiscalCodePA: v.fiscalCodePA, companyName: v.companyName };
  if (v.officeName !== undefined) res.officeName = v.officeName;
  return res;
}

/**
 * ctPaymentPA (V1: every transfer has an IBAN, no companyName per transfer) or ctPaymentPAV2. A stamp
 * (richiestaMarcaDaBollo) exists only in V2: V1 answers PAA_SEMANTICA. transferType POSTAL asks for the
 * postal-account IBAN where the transfer has one, PAGOPA adds it as metadata IBANAPPOGGIO (GPD's
 * getIbanByTransferType).
 */
function paymentRes(n: ArchivedNotice, r: PaGetPaymentReq, v2: boolean): PaGetPaymentRes {
  const p = toPaymentData(n);
  const postal = new Map(n.transfers.filter((t) => t.postal_iban).map((t) => [t.id_transfer, t.postal_iban!]));
  if (!v2 && p.transfers.some((t) => t.richiestaMarcaDaBollo)) {
    throw new Ko(paa('PAA_SEMANTICA', r.idPA, 'the notice has a digital stamp transfer (richiestaMarcaDaBollo), which paGetPayment V1 cannot carry: use paGetPaymentV2'));
  }
  const transfers = p.transfers.map((t): Transfer => {
    const alt = postal.get(t.idTransfer);
    const iban = alt && r.transferType === 'POSTAL' ? alt : t.IBAN;
    const meta = alt && r.transferType === 'PAGOPA' && (t.metadata?.length ?? 0) < 15 ? [...(t.metadata ?? []), { key: 'IBANAPPOGGIO', value: alt }] : t.metadata;
    const out: Transfer = { ...t };
    if (iban !== undefined) out.IBAN = iban;
    if (meta !== undefined) out.metadata = meta;
    // ctTransferPA has no companyName
    if (!v2) delete out.companyName;
    return out;
  });
  const data: PaPaymentData = {
    creditorReferenceId: p.creditorReferenceId,
    paymentAmountCents: p.paymentAmountCents,
    dueDate: p.dueDate,
    description: p.description,
    companyName: p.companyName,
    debtor: p.debtor,
    transfers,
  };
  if (n.option.retention_date) data.retentionDate = `${n.option.retention_date}T23:59:59`;
  if (p.officeName !== undefined) data.officeName = p.officeName;
  if (p.metadata !== undefined) data.metadata = p.metadata;
  return { data };
}

/**
 * Receipts this mock EC acknowledged, per EC (a broadcast copy to a secondary EC is a receipt of its
 * own), for PAA_RECEIPT_DUPLICATA. In memory and bounded, like the history.
 */
export class ReceivedReceipts {
  private readonly seen = new Set<string>();
  constructor(private readonly limit = 100_000) {}
  has(idPA: string, receiptId: string): boolean {
    return this.seen.has(`${idPA}/${receiptId}`);
  }
  /** false when it was already there */
  add(idPA: string, receiptId: string): boolean {
    const key = `${idPA}/${receiptId}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    // a Set iterates in insertion order: the first key is the oldest
    if (this.seen.size > this.limit) this.seen.delete(this.seen.values().next().value!);
    return true;
  }
  delete(idPA: string, receiptId: string): void {
    this.seen.delete(`${idPA}/${receiptId}`);
  }
  clear(): void {
    this.seen.clear();
  }
}

/**
 * paSendRT(V2), as GPD takes a receipt: the addressee is the notice's EC or, for a broadcast copy, an EC
 * of its transfers; the notice must be in the archive; a receiptId seen before is PAA_RECEIPT_DUPLICATA
 * (GPD's code, which the node treats as delivered). An option still unpaid here (the mock on another
 * database than the node) is marked paid, as GPD does on receipt; one the node already marked is accepted.
 */
async function receive(deps: AnswerDeps, r: PaSendRTReq): Promise<void> {
  const { idPA, receipt } = r;
  const { fiscalCode, noticeNumber } = receipt;
  const transferFiscalCodes = receipt.transfers.map((t) => t.fiscalCodePA);
  if (idPA !== fiscalCode && !transferFiscalCodes.includes(idPA)) {
    throw new Ko(
      paa('PAA_ID_DOMINIO_ERRATO', idPA, `idPA ${idPA} is neither the receipt's creditor institution ${fiscalCode} nor one of its transfers' (${transferFiscalCodes.join(', ')})`),
    );
  }
  const found = await findArchivedNotice(deps.db.read, fiscalCode, noticeNumber);
  if (!found) throw new Ko(paa('PAA_PAGAMENTO_SCONOSCIUTO', idPA));
  const receiptId = receipt.receiptId;
  // claimed before the first await below, so two concurrent copies of one receipt cannot both be new
  if (!deps.receipts.add(idPA, receiptId)) throw new Ko(paa('PAA_RECEIPT_DUPLICATA', idPA, `receipt ${receiptId} was already received`));
  try {
    if (found.option.status === 'PO_UNPAID') {
      await deps.db.tx((q) =>
        markOptionPaid(q, { fiscalCode, noticeNumber, token: receiptId, at: deps.clock.now().getTime(), pspCompany: receipt.PSPCompanyName, paymentMethod: receipt.paymentMethod }),
      );
    }
  } catch (err) {
    deps.receipts.delete(idPA, receiptId);
    throw err;
  }
}
