import { formatAmount } from '../../nodo/money';
import type { CredenzialiPsp, PspCredentials } from '../../nodo/registry';
import type { MapEntry, OutcomeDetails, StampRequest, Transfer } from '../../nodo/types';
import { amount, date, int, list, obj, optAmount, optDate, optObj, optStr, str } from '../fields';
import type { XmlObject } from '../libxml';
import type { XmlTree } from '../xmlWriter';
import { metadataTree, readSubject, subjectTree } from '../xmlTrees';

/**
 * XSD fragments several operations share, each as a reader and a writer side by side (sequence order of
 * xsd/nodeForPsp.xsd and xsd/paForNode.xsd). Money is integer cents in the types, stAmount on the wire.
 */
export const money = (cents: number | undefined): string | undefined => (cents === undefined ? undefined : formatAmount(cents));

// ---- nodeForPsp request head: idPSP, idBrokerPSP, idChannel, password --------------------------------
export const readCredentials = (o: XmlObject): PspCredentials => ({
  idPSP: str(o, 'idPSP'),
  idBrokerPSP: str(o, 'idBrokerPSP'),
  idChannel: str(o, 'idChannel'),
  password: str(o, 'password'),
});
export const credentialsTree = (c: PspCredentials): XmlTree => [
  ['idPSP', c.idPSP],
  ['idBrokerPSP', c.idBrokerPSP],
  ['idChannel', c.idChannel],
  ['password', c.password],
];

// ---- the same with Italian names: identificativoPSP, identificativoIntermediarioPSP, identificativoCanale, password
export const readCredenziali = (o: XmlObject): CredenzialiPsp => ({
  identificativoPSP: str(o, 'identificativoPSP'),
  identificativoIntermediarioPSP: str(o, 'identificativoIntermediarioPSP'),
  identificativoCanale: str(o, 'identificativoCanale'),
  password: str(o, 'password'),
});
/** identificativoPSP may be absent (nodoChiediInformativaPA) */
export const credenzialiTree = (c: Omit<CredenzialiPsp, 'identificativoPSP'> & { identificativoPSP?: string }): XmlTree => [
  ['identificativoPSP', c.identificativoPSP],
  ['identificativoIntermediarioPSP', c.identificativoIntermediarioPSP],
  ['identificativoCanale', c.identificativoCanale],
  ['password', c.password],
];

// ---- ctQrCode (both interfaces) ------------------------------------------------------------------------
export interface QrCode {
  fiscalCode: string;
  noticeNumber: string;
}
export const readQrCode = (o: XmlObject): QrCode => {
  const q = obj(o, 'qrCode');
  return { fiscalCode: str(q, 'fiscalCode'), noticeNumber: str(q, 'noticeNumber') };
};
export const qrCodeTree = (q: QrCode): XmlTree => [
  ['fiscalCode', q.fiscalCode],
  ['noticeNumber', q.noticeNumber],
];

// ---- ctMetadata ----------------------------------------------------------------------------------------
export function readMetadata(o: XmlObject | undefined): MapEntry[] | undefined {
  if (!o) return undefined;
  return list(o, 'mapEntry').map((e) => ({ key: str(e, 'key'), value: str(e, 'value') }));
}
export { metadataTree, readSubject, subjectTree };

// ---- ctRichiestaMarcaDaBollo ---------------------------------------------------------------------------
export const readStamp = (o: XmlObject): StampRequest => ({
  hashDocumento: str(o, 'hashDocumento'),
  tipoBollo: str(o, 'tipoBollo'),
  provinciaResidenza: str(o, 'provinciaResidenza'),
});
export const stampTree = (s: StampRequest): XmlTree => [
  ['hashDocumento', s.hashDocumento],
  ['tipoBollo', s.tipoBollo],
  ['provinciaResidenza', s.provinciaResidenza],
];

// ---- transfers -----------------------------------------------------------------------------------------
/**
 * Every transfer shape of both interfaces, as one reader: ctTransferPSP(V2) (PSP side: transferCategory
 * optional, V1 without it), ctTransferPA(V2) (EC side), ctTransferPAReceiptV2 (MBDAttachment instead of
 * the stamp request). Absent optional elements stay absent in the typed transfer.
 */
export function readTransfer(o: XmlObject): Transfer & { MBDAttachment?: string } {
  const t: Transfer & { MBDAttachment?: string } = {
    idTransfer: int(o, 'idTransfer'),
    transferAmountCents: amount(o, 'transferAmount'),
    fiscalCodePA: str(o, 'fiscalCodePA'),
    remittanceInformation: str(o, 'remittanceInformation'),
    transferCategory: optStr(o, 'transferCategory') ?? '',
  };
  const company = optStr(o, 'companyName');
  if (company !== undefined) t.companyName = company;
  const iban = optStr(o, 'IBAN');
  if (iban !== undefined) t.IBAN = iban;
  const stamp = optObj(o, 'richiestaMarcaDaBollo');
  if (stamp) t.richiestaMarcaDaBollo = readStamp(stamp);
  const mbd = optStr(o, 'MBDAttachment');
  if (mbd !== undefined) t.MBDAttachment = mbd;
  const meta = readMetadata(optObj(o, 'metadata'));
  if (meta) t.metadata = meta;
  return t;
}
export const readTransfers = (o: XmlObject, name = 'transferList'): Transfer[] => list(optObj(o, name), 'transfer').map(readTransfer);

/** ctTransferPSP: what activatePaymentNotice V1 shows the PSP (no category, no stamp). */
export const transferPspTree = (t: Transfer): XmlTree => [
  ['idTransfer', t.idTransfer],
  ['transferAmount', money(t.transferAmountCents)],
  ['fiscalCodePA', t.fiscalCodePA],
  ['IBAN', t.IBAN],
  ['remittanceInformation', t.remittanceInformation],
  ['metadata', metadataTree(t.metadata)],
];

/** ctTransferPSPV2 and ctTransferPAV2: an IBAN or a stamp request. */
export const transferV2Tree = (t: Transfer): XmlTree => {
  const stamp = t.richiestaMarcaDaBollo;
  return [
    ['idTransfer', t.idTransfer],
    ['transferAmount', money(t.transferAmountCents)],
    ['fiscalCodePA', t.fiscalCodePA],
    ['companyName', t.companyName],
    ['IBAN', stamp ? undefined : t.IBAN],
    ['richiestaMarcaDaBollo', stamp ? stampTree(stamp) : undefined],
    ['remittanceInformation', t.remittanceInformation],
    ['transferCategory', t.transferCategory],
    ['metadata', metadataTree(t.metadata)],
  ];
};

/** ctTransferPA: what paGetPayment V1 and paSendRT carry (always an IBAN and a category). */
export const transferPaTree = (t: Transfer): XmlTree => [
  ['idTransfer', t.idTransfer],
  ['transferAmount', money(t.transferAmountCents)],
  ['fiscalCodePA', t.fiscalCodePA],
  ['IBAN', t.IBAN],
  ['remittanceInformation', t.remittanceInformation],
  ['transferCategory', t.transferCategory],
  ['metadata', metadataTree(t.metadata)],
];

// ---- ctOutcomeDetails / ctOutcomeDetailsV2 ------------------------------------------------------------
export function readDetails(o: XmlObject | undefined): OutcomeDetails | undefined {
  if (!o) return undefined;
  const d: OutcomeDetails = {
    paymentMethod: str(o, 'paymentMethod'),
    feeCents: amount(o, 'fee'),
    applicationDate: date(o, 'applicationDate'),
    transferDate: date(o, 'transferDate'),
  };
  const channel = optStr(o, 'paymentChannel');
  if (channel !== undefined) d.paymentChannel = channel;
  const ciFee = optAmount(o, 'primaryCiIncurredFee');
  if (ciFee !== undefined) d.primaryCiIncurredFeeCents = ciFee;
  const idBundle = optStr(o, 'idBundle');
  if (idBundle !== undefined) d.idBundle = idBundle;
  const idCiBundle = optStr(o, 'idCiBundle');
  if (idCiBundle !== undefined) d.idCiBundle = idCiBundle;
  const payer = optObj(o, 'payer');
  if (payer) d.payer = readSubject(payer);
  const stamps = list(optObj(o, 'marcheDaBollo'), 'marcaDaBollo');
  if (stamps.length) d.marcheDaBollo = stamps.map((m) => ({ paymentToken: str(m, 'paymentToken'), idTransfer: int(m, 'idTransfer'), MBDAttachment: str(m, 'MBDAttachment') }));
  return d;
}

/** V1 has no primaryCiIncurredFee, bundles or stamps: a V1 tree leaves them out. */
export function detailsTree(d: OutcomeDetails, v2: boolean): XmlTree {
  return [
    ['paymentMethod', d.paymentMethod],
    ['paymentChannel', d.paymentChannel],
    ['fee', money(d.feeCents)],
    ['primaryCiIncurredFee', v2 ? money(d.primaryCiIncurredFeeCents) : undefined],
    ['idBundle', v2 ? d.idBundle : undefined],
    ['idCiBundle', v2 ? d.idCiBundle : undefined],
    ['payer', d.payer ? subjectTree(d.payer) : undefined],
    ['applicationDate', d.applicationDate],
    ['transferDate', d.transferDate],
    [
      'marcheDaBollo',
      v2 && d.marcheDaBollo?.length
        ? d.marcheDaBollo.map((m): [string, XmlTree] => [
            'marcaDaBollo',
            [
              ['paymentToken', m.paymentToken],
              ['idTransfer', m.idTransfer],
              ['MBDAttachment', m.MBDAttachment],
            ],
          ])
        : undefined,
    ],
  ];
}

// ---- ctPaymentOptionDescriptionPSP (verify, demand; verificaBollettino adds allCCP) ---------------------
export interface PspPaymentOption {
  amountCents: number;
  options: string;
  dueDate?: string;
  paymentNote?: string;
}
export function readPspOption(p: XmlObject): PspPaymentOption {
  const option: PspPaymentOption = { amountCents: amount(p, 'amount'), options: str(p, 'options') };
  const due = optDate(p, 'dueDate');
  if (due !== undefined) option.dueDate = due;
  const note = optStr(p, 'paymentNote');
  if (note !== undefined) option.paymentNote = note;
  return option;
}
export const pspOptionTree = (p: PspPaymentOption): XmlTree => [
  ['amount', money(p.amountCents)],
  ['options', p.options],
  ['dueDate', p.dueDate],
  ['paymentNote', p.paymentNote],
];
