import { collapse, date, int, list, obj, optInt, optStr, str } from '../../soap/fields';
import type { XmlObject } from '../../soap/libxml';
import type { FlowHeader, FlowPayment, FlowSender } from '../../store/reportingFlows';
import { parseAmount } from '../money';
import { PAY_STATUS_OF } from './flowXml';
import { romeWallToEpoch } from './flowTime';

/**
 * A FlussoRiversamento sent over SOAP, read as the REST model sees it (spec reporting.md §2, XML→REST column;
 * X2J FdR3ClientUtil): index = position (1..n), indiceDatiSingoloPagamento absent → idTransfer 1, each payDate
 * 00:00 Europe/Rome of its date, the envelope's PSP, broker, channel, password and domain in sender/receiver.
 * The document is XSD-valid (flowSchema ran first), so the readers trust its structure.
 */
export interface SoapFlowEnvelope {
  identificativoPSP: string;
  identificativoIntermediarioPSP: string;
  identificativoCanale: string;
  password: string;
  identificativoDominio: string;
}

const SENDER_TYPE_OF: Record<string, FlowSender['type']> = { G: 'LEGAL_PERSON', A: 'ABI_CODE', B: 'BIC_CODE' };

/** The date of an xs:date (an offset, if any, is dropped: the node keeps the date) at 00:00 Europe/Rome. */
function romeDay(text: string): number {
  const [y, m, d] = collapse(text)
    .replace(/^(-?\d{4,}-\d{2}-\d{2}).*$/, '$1')
    .split('-')
    .map(Number);
  return romeWallToEpoch(y!, m!, d!);
}

export interface SoapFlow {
  /** the document's own identificativoFlusso and dataOraFlusso (lexical), compared with the envelope's */
  identificativoFlusso: string;
  dataOraFlusso: string;
  header: FlowHeader;
  payments: FlowPayment[];
}

export function readSoapFlow(doc: XmlObject, env: SoapFlowEnvelope): SoapFlow {
  const mittente = obj(doc, 'istitutoMittente');
  const idMittente = obj(mittente, 'identificativoUnivocoMittente');
  const ricevente = obj(doc, 'istitutoRicevente');
  const idRicevente = obj(ricevente, 'identificativoUnivocoRicevente');
  const pspName = optStr(mittente, 'denominazioneMittente');
  const organizationName = optStr(ricevente, 'denominazioneRicevente');
  const bic = optStr(doc, 'codiceBicBancaDiRiversamento');
  const header: FlowHeader = {
    sender: {
      type: SENDER_TYPE_OF[str(idMittente, 'tipoIdentificativoUnivoco')] ?? 'LEGAL_PERSON',
      id: str(idMittente, 'codiceIdentificativoUnivoco'),
      pspId: env.identificativoPSP,
      ...(pspName !== undefined ? { pspName } : {}),
      pspBrokerId: env.identificativoIntermediarioPSP,
      channelId: env.identificativoCanale,
      // spec §5.7: the REST view's sender.password is the SOAP password
      password: env.password,
    },
    receiver: {
      id: str(idRicevente, 'codiceIdentificativoUnivoco'),
      organizationId: env.identificativoDominio,
      ...(organizationName !== undefined ? { organizationName } : {}),
    },
    regulation: str(doc, 'identificativoUnivocoRegolamento'),
    regulationDate: date(doc, 'dataRegolamento').slice(0, 10),
    ...(bic !== undefined ? { bicCodePouringBank: bic } : {}),
    totPayments: int(doc, 'numeroTotalePagamenti'),
    sumPaymentsCents: parseAmount(collapse(str(doc, 'importoTotalePagamenti'))),
  };
  const payments = list(doc, 'datiSingoliPagamenti').map((p, i): FlowPayment => ({
    index: i + 1,
    iuv: str(p, 'identificativoUnivocoVersamento'),
    iur: str(p, 'identificativoUnivocoRiscossione'),
    idTransfer: optInt(p, 'indiceDatiSingoloPagamento') ?? 1,
    payCents: parseAmount(collapse(str(p, 'singoloImportoPagato'))),
    payStatus: PAY_STATUS_OF[str(p, 'codiceEsitoSingoloPagamento')] ?? 'EXECUTED',
    payDate: romeDay(str(p, 'dataEsitoSingoloPagamento')),
  }));
  return { identificativoFlusso: str(doc, 'identificativoFlusso'), dataOraFlusso: date(doc, 'dataOraFlusso'), header, payments };
}
