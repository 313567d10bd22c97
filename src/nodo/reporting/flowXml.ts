import { formatAmount } from '../money';
import type { FlowHeader, FlowPayment, PayStatus } from '../../store/reportingFlows';
import { writeTree, type XmlTree } from '../../soap/xmlWriter';

/**
 * The FlussoRiversamento document of a flow published over REST or generated (spec reporting.md §2, §5.4, §9):
 * what nodoChiediFlussoRendicontazione serves. Namespace `http://www.digitpa.gov.it/schemas/2011/Pagamenti/`,
 * elementFormDefault qualified, so every element carries `pay_i:`. REST→XML writes versioneOggetto 1.1, dates
 * in UTC with whole seconds, the UTC date of each payDate, and a payStatus as codiceEsitoSingoloPagamento.
 */
export const FLOW_NS = 'http://www.digitpa.gov.it/schemas/2011/Pagamenti/';

export const ESITO_OF: Record<PayStatus, string> = { EXECUTED: '0', REVOKED: '3', STAND_IN: '4', STAND_IN_NO_RPT: '8', NO_RPT: '9' };
export const PAY_STATUS_OF: Record<string, PayStatus> = { '0': 'EXECUTED', '3': 'REVOKED', '4': 'STAND_IN', '8': 'STAND_IN_NO_RPT', '9': 'NO_RPT' };

const SENDER_TYPE = { LEGAL_PERSON: 'G', ABI_CODE: 'A', BIC_CODE: 'B' } as const;

/** 2025-03-11T06:30:00Z: UTC, whole seconds */
export const utcSeconds = (ms: number): string => `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface FlowDocument {
  name: string;
  fdrDate: number;
  header: FlowHeader;
  payments: FlowPayment[];
}

export function flowXml(f: FlowDocument): string {
  const h = f.header;
  const total = f.payments.reduce((s, p) => s + p.payCents, 0);
  const tree: XmlTree = [
    ['versioneOggetto', '1.1'],
    ['identificativoFlusso', f.name],
    ['dataOraFlusso', utcSeconds(f.fdrDate)],
    ['identificativoUnivocoRegolamento', h.regulation],
    ['dataRegolamento', h.regulationDate.slice(0, 10)],
    [
      'istitutoMittente',
      [
        [
          'identificativoUnivocoMittente',
          [
            ['tipoIdentificativoUnivoco', SENDER_TYPE[h.sender.type]],
            ['codiceIdentificativoUnivoco', h.sender.id],
          ],
        ],
        // the node writes three spaces when the PSP gave no name (FDRNODO convert)
        ['denominazioneMittente', h.sender.pspName ?? '   '],
      ],
    ],
    ['codiceBicBancaDiRiversamento', h.bicCodePouringBank],
    [
      'istitutoRicevente',
      [
        [
          'identificativoUnivocoRicevente',
          [
            ['tipoIdentificativoUnivoco', 'G'],
            ['codiceIdentificativoUnivoco', h.receiver.id],
          ],
        ],
        ['denominazioneRicevente', h.receiver.organizationName ?? h.receiver.organizationId],
      ],
    ],
    ['numeroTotalePagamenti', f.payments.length],
    ['importoTotalePagamenti', formatAmount(total)],
    ...f.payments.map((p): [string, XmlTree] => [
      'datiSingoliPagamenti',
      [
        ['identificativoUnivocoVersamento', p.iuv],
        ['identificativoUnivocoRiscossione', p.iur],
        ['indiceDatiSingoloPagamento', p.idTransfer],
        ['singoloImportoPagato', formatAmount(p.payCents)],
        ['codiceEsitoSingoloPagamento', ESITO_OF[p.payStatus] ?? '0'],
        ['dataEsitoSingoloPagamento', utcDate(p.payDate)],
      ],
    ]),
  ];
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n<pay_i:FlussoRiversamento xmlns:pay_i="${FLOW_NS}">`];
  writeTree(qualified(tree), out);
  out.push('</pay_i:FlussoRiversamento>');
  return out.join('');
}

function qualified(tree: XmlTree): XmlTree {
  return tree.map(([name, value]) => [`pay_i:${name}`, Array.isArray(value) ? qualified(value) : value]);
}
