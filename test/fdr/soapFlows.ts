import path from 'node:path';
import { REFERENCE_DIR } from '../helpers/crossChecks';

/**
 * What the FdR SOAP suites share: the §9 worked example's parties, a FlussoRiversamento writer (hand-written
 * XML, as a PSP's system would send it) and today's date in Europe/Rome (the SOAP list's window is node-local).
 */
export const OFFICIAL_FLOW_XSD = path.join(REFERENCE_DIR, 'pagopa-api/xsd-common/FlussoRiversamento_1_0_4.xsd');
export const PSP_CREDS = { identificativoPSP: '60000000001', identificativoIntermediarioPSP: '60000000001', identificativoCanale: '60000000001_01', password: 'pwdpwdpwd' };
/** EC 77777777777 through its broker's station (demo registry) */
export const EC_TE = '77777777777';
export const PA_CREDS = { identificativoIntermediarioPA: EC_TE, identificativoStazioneIntermediarioPA: `${EC_TE}_01`, password: 'pwdpwdpwd' };

export const romeDay = (at = new Date()): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(at);

export interface FlowRow {
  iuv: string;
  iur: string;
  index?: number;
  amount: string;
  code?: string;
  date: string;
}

export const EXAMPLE_ROWS: FlowRow[] = [
  { iuv: '02000000000000101', iur: 'c110729d258c4ab1b765fe902aae41d6', index: 1, amount: '100.00', date: '2025-03-10' },
  { iuv: '02000000000000202', iur: '0f8e2b3c4d5e6f708192a3b4c5d6e7f8', index: 1, amount: '35.50', date: '2025-03-10' },
  { iuv: '02000000000000303', iur: '7a1c9e0b5d2f4c3a8e6b1d0f9a2c4e6b', amount: '12.34', date: '2025-03-10' },
];

/** A FlussoRiversamento as PSPs send it: versioneOggetto 1.0, `pay_i:` on every element. */
export function flowDocument(o: { id: string; dataOraFlusso: string; ec?: string; rows?: FlowRow[]; total?: string }): string {
  const rows = o.rows ?? EXAMPLE_ROWS;
  const el = (name: string, v: string) => `<pay_i:${name}>${v}</pay_i:${name}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<pay_i:FlussoRiversamento xmlns:pay_i="http://www.digitpa.gov.it/schemas/2011/Pagamenti/">` +
    el('versioneOggetto', '1.0') +
    el('identificativoFlusso', o.id) +
    el('dataOraFlusso', o.dataOraFlusso) +
    el('identificativoUnivocoRegolamento', 'SCT-20250311-000123') +
    el('dataRegolamento', o.dataOraFlusso.slice(0, 10)) +
    `<pay_i:istitutoMittente><pay_i:identificativoUnivocoMittente>${el('tipoIdentificativoUnivoco', 'G')}${el('codiceIdentificativoUnivoco', '60000000001')}</pay_i:identificativoUnivocoMittente>${el('denominazioneMittente', 'Banca Esempio S.p.A.')}</pay_i:istitutoMittente>` +
    el('codiceBicBancaDiRiversamento', 'BNKAITRRXXX') +
    `<pay_i:istitutoRicevente><pay_i:identificativoUnivocoRicevente>${el('tipoIdentificativoUnivoco', 'G')}${el('codiceIdentificativoUnivoco', o.ec ?? EC_TE)}</pay_i:identificativoUnivocoRicevente>${el('denominazioneRicevente', 'Comune di Esempio')}</pay_i:istitutoRicevente>` +
    el('numeroTotalePagamenti', String(rows.length)) +
    el('importoTotalePagamenti', o.total ?? '147.84') +
    rows
      .map(
        (r) =>
          `<pay_i:datiSingoliPagamenti>${el('identificativoUnivocoVersamento', r.iuv)}${el('identificativoUnivocoRiscossione', r.iur)}` +
          `${r.index !== undefined ? el('indiceDatiSingoloPagamento', String(r.index)) : ''}${el('singoloImportoPagato', r.amount)}` +
          `${el('codiceEsitoSingoloPagamento', r.code ?? '0')}${el('dataEsitoSingoloPagamento', r.date)}</pay_i:datiSingoliPagamenti>`,
      )
      .join('') +
    '</pay_i:FlussoRiversamento>'
  );
}

export const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** The invia request of a flow: envelope and document agree unless `over` says otherwise. */
export function inviaArgs(o: { id: string; dataOraFlusso: string; ec?: string; rows?: FlowRow[]; document?: string }, over: object = {}) {
  return {
    ...PSP_CREDS,
    identificativoDominio: o.ec ?? EC_TE,
    identificativoFlusso: o.id,
    dataOraFlusso: o.dataOraFlusso,
    xmlRendicontazione: b64(o.document ?? flowDocument(o)),
    ...over,
  };
}
