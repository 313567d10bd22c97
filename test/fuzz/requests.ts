import fs from 'node:fs';
import path from 'node:path';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { PSP, PSP_V2, activateXml, credsXml, envelope, verifyXml } from '../helpers/soap';
import { EC, IBAN, PaForNode, head, receipt } from '../mockEc/helpers';
import { b64, fishingXml } from '../helpers/spontaneous';

/**
 * The valid requests the fuzz test mutates: one per SOAP operation the emulator serves, nodeForPsp on
 * /node-for-psp/v1 and the mock EC's paForNode on /mock-ec/v1. Each gets fresh notice numbers, tokens and
 * idempotency keys, so that mutations meet the parsing and checking code rather than "already paid".
 * Notice numbers are derived from a counter (the database is new), so a seed replays the same requests.
 */

/** A valid FlussoRiversamento for nodoInviaFlussoRendicontazione (the unmutated request must pass the document schema too). */
const FLOW_B64 = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><pay_i:FlussoRiversamento xmlns:pay_i="http://www.digitpa.gov.it/schemas/2011/Pagamenti/"><pay_i:versioneOggetto>1.0</pay_i:versioneOggetto>' +
    '<pay_i:identificativoFlusso>2026-11-2260000000001-0001</pay_i:identificativoFlusso><pay_i:dataOraFlusso>2026-11-22T10:00:00</pay_i:dataOraFlusso><pay_i:identificativoUnivocoRegolamento>SCT-1</pay_i:identificativoUnivocoRegolamento>' +
    '<pay_i:dataRegolamento>2026-11-22</pay_i:dataRegolamento><pay_i:istitutoMittente><pay_i:identificativoUnivocoMittente><pay_i:tipoIdentificativoUnivoco>G</pay_i:tipoIdentificativoUnivoco><pay_i:codiceIdentificativoUnivoco>60000000001</pay_i:codiceIdentificativoUnivoco></pay_i:identificativoUnivocoMittente></pay_i:istitutoMittente>' +
    '<pay_i:istitutoRicevente><pay_i:identificativoUnivocoRicevente><pay_i:tipoIdentificativoUnivoco>G</pay_i:tipoIdentificativoUnivoco><pay_i:codiceIdentificativoUnivoco>66666666666</pay_i:codiceIdentificativoUnivoco></pay_i:identificativoUnivocoRicevente></pay_i:istitutoRicevente>' +
    '<pay_i:numeroTotalePagamenti>1</pay_i:numeroTotalePagamenti><pay_i:importoTotalePagamenti>10.00</pay_i:importoTotalePagamenti><pay_i:datiSingoliPagamenti><pay_i:identificativoUnivocoVersamento>02000000000000101</pay_i:identificativoUnivocoVersamento>' +
    '<pay_i:identificativoUnivocoRiscossione>c110729d258c4ab1b765fe902aae41d6</pay_i:identificativoUnivocoRiscossione><pay_i:singoloImportoPagato>10.00</pay_i:singoloImportoPagato><pay_i:codiceEsitoSingoloPagamento>0</pay_i:codiceEsitoSingoloPagamento>' +
    '<pay_i:dataEsitoSingoloPagamento>2026-11-22</pay_i:dataEsitoSingoloPagamento></pay_i:datiSingoliPagamenti></pay_i:FlussoRiversamento>',
).toString('base64');
const PA_CREDS =
  '<identificativoIntermediarioPA>66666666666</identificativoIntermediarioPA><identificativoStazioneIntermediarioPA>66666666666_01</identificativoStazioneIntermediarioPA><password>pwdpwdpwd</password>';

export type Endpoint = 'node' | 'mockEc';

export interface BaseRequest {
  endpoint: Endpoint;
  operation: string;
  xml: string;
  /** the notice number the mock EC files the request under */
  noticeNumber?: string;
  /** the SOAPAction header when not the operation's own (undefined: no header) */
  action?: string;
}

export interface Tokens {
  v1: string[];
  v2: string[];
}

const SAMPLES = path.resolve(__dirname, '../samples');
const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name, 'request.xml'), 'utf8');

let seq = 0;
/** a synthetic-backend notice (station 66666666666_01, segregation 02): any such number is payable */
export const syntheticNotice = () => `30211${String(++seq).padStart(13, '0')}`;
/** a notice of the mock EC's station 66666666666_03 (segregation 03), not in its archive */
const mockNav = () => buildNoticeNumber(3, '03', `7${String(++seq).padStart(12, '0')}`);
const key = (psp: string) => `${psp}_${String(++seq).padStart(10, '0')}`;

const V2_OUTCOME_CREDS = `<idPSP>${PSP_V2.idPSP}</idPSP><idBrokerPSP>${PSP_V2.idBrokerPSP}</idBrokerPSP><idChannel>${PSP_V2.idChannel}</idChannel>`;

const PPT_NS = 'http://ws.pagamenti.telematici.gov/';
const POSTE3 = { idPSP: 'POSTE3', idBrokerPSP: 'BANCOPOSTA', idChannel: 'POSTE3', password: 'pwdpwdpwd' };
const CREDENZIALI = `<identificativoPSP>${PSP.idPSP}</identificativoPSP><identificativoIntermediarioPSP>${PSP.idBrokerPSP}</identificativoIntermediarioPSP><identificativoCanale>${PSP.idChannel}</identificativoCanale><password>${PSP.password}</password>`;
/** the legacy operations' envelope: ppt: for their namespace, nod: bound too (a mutation renames elements into it) */
const legacyEnvelope = (inner: string) => envelope(inner).replace('xmlns:nod=', `xmlns:ppt="${PPT_NS}" xmlns:nod=`);

export function nodeRequests(r: { pick<T>(items: readonly T[]): T }, tokens: Tokens): Record<string, () => BaseRequest> {
  const node = (operation: string, xml: string): BaseRequest => ({ endpoint: 'node', operation, xml });
  return {
    verifyPaymentNotice: () => node('verifyPaymentNotice', envelope(verifyXml(syntheticNotice()))),
    activatePaymentNotice: () =>
      node(
        'activatePaymentNotice',
        sample('activatePaymentNotice__ok').replace('302110000000000201', syntheticNotice()).replace('60000000001_a1B2c3D4e5', key(PSP.idPSP)).replace('120.00', '10.00'),
      ),
    activatePaymentNoticeV2: () =>
      node(
        'activatePaymentNoticeV2',
        sample('activatePaymentNoticeV2__ok').replace('302110000000000301', syntheticNotice()).replace('60000000001_Zx9Yw8Vu7T', key(PSP.idPSP)).replace('150.00', '10.00'),
      ),
    sendPaymentOutcome: () =>
      node('sendPaymentOutcome', sample('sendPaymentOutcome__ok').replace('3f8e9c2a4b7d41e6a05c9d8b7e6f5a41', r.pick(tokens.v1)).replace('60000000001_q1W2e3R4t5', key(PSP.idPSP))),
    sendPaymentOutcomeV2: () =>
      node(
        'sendPaymentOutcomeV2',
        sample('sendPaymentOutcomeV2__ok')
          .replace(/<idPSP>.*<\/idChannel>/s, V2_OUTCOME_CREDS)
          .replace('36892710904_M4n5B6v7C8', key(PSP.idPSP))
          .replace('5e2a9c1b7d3f4e8a9b0c1d2e3f4a5b6c', r.pick(tokens.v2))
          .replace('6f3b0d2c8e4a5f9b0c1d2e3f4a5b6c7d', r.pick(tokens.v2)),
      ),
    // the archive station's fishing licence (subject 00002): in process, a new position per request
    demandPaymentNotice: () =>
      node(
        'demandPaymentNotice',
        envelope(
          `<nod:demandPaymentNoticeRequest>${credsXml(PSP)}<idSoggettoServizio>00002</idSoggettoServizio><datiSpecificiServizio>${b64(fishingXml())}</datiSpecificiServizio></nod:demandPaymentNoticeRequest>`,
        ),
      ),
    verificaBollettino: () =>
      node(
        'verificaBollettino',
        envelope(`<nod:verificaBollettinoReq>${credsXml(POSTE3)}<ccPost>666666666666</ccPost><noticeNumber>${syntheticNotice()}</noticeNumber></nod:verificaBollettinoReq>`),
      ),
    nodoChiediCatalogoServiziV2: () =>
      node(
        'nodoChiediCatalogoServiziV2',
        envelope(
          `<nod:nodoChiediCatalogoServiziV2Request>${CREDENZIALI}<identificativoDominio>${EC}</identificativoDominio><categoria>Licenze</categoria><commissione>Y</commissione></nod:nodoChiediCatalogoServiziV2Request>`,
        ),
      ),
    nodoChiediInformativaPA: () =>
      node(
        'nodoChiediInformativaPA',
        legacyEnvelope(`<ppt:nodoChiediInformativaPA>${CREDENZIALI}<identificativoDominio>${EC}</identificativoDominio></ppt:nodoChiediInformativaPA>`),
      ),
    nodoChiediTemplateInformativaPSP: () =>
      node('nodoChiediTemplateInformativaPSP', legacyEnvelope(`<ppt:nodoChiediTemplateInformativaPSP>${CREDENZIALI}</ppt:nodoChiediTemplateInformativaPSP>`)),
    nodoInviaFlussoRendicontazione: () =>
      node(
        'nodoInviaFlussoRendicontazione',
        legacyEnvelope(
          `<ppt:nodoInviaFlussoRendicontazione>${CREDENZIALI}<identificativoDominio>${EC}</identificativoDominio><identificativoFlusso>2026-11-22${PSP.idPSP}-0001</identificativoFlusso>` +
            `<dataOraFlusso>2026-11-22T10:00:00</dataOraFlusso><xmlRendicontazione>${FLOW_B64}</xmlRendicontazione></ppt:nodoInviaFlussoRendicontazione>`,
        ),
      ),
    // nodeForPa: the EC's reporting reads (EC 66666666666 through its broker's station)
    nodoChiediElencoFlussiRendicontazione: () =>
      node(
        'nodoChiediElencoFlussiRendicontazione',
        legacyEnvelope(`<ppt:nodoChiediElencoFlussiRendicontazione>${PA_CREDS}<identificativoDominio>${EC}</identificativoDominio></ppt:nodoChiediElencoFlussiRendicontazione>`),
      ),
    nodoChiediFlussoRendicontazione: () =>
      node(
        'nodoChiediFlussoRendicontazione',
        legacyEnvelope(
          `<ppt:nodoChiediFlussoRendicontazione>${PA_CREDS}<identificativoDominio>${EC}</identificativoDominio><identificativoFlusso>2026-11-22${PSP.idPSP}-0001</identificativoFlusso></ppt:nodoChiediFlussoRendicontazione>`,
        ),
      ),
    paGetPaymentsByDebtor: () =>
      node(
        'paGetPaymentsByDebtor',
        envelope(
          `<nod:paGetPaymentsByDebtorRequest>${credsXml(PSP)}<debtor><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></debtor><fiscalCodePA>${EC}</fiscalCodePA><status>ALL</status><limit>10</limit><page>0</page></nod:paGetPaymentsByDebtorRequest>`,
        ),
      ),
  };
}

/** Activates `n` synthetic notices per channel version and returns their tokens (outcomes need real ones). */
export async function activateTokens(soapUrl: string, n: number): Promise<Tokens> {
  const post = async (action: string, xml: string) => {
    const res = await fetch(soapUrl, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: action }, body: xml });
    const token = /<paymentToken>([^<]+)<\/paymentToken>/.exec(await res.text())?.[1];
    if (!token) throw new Error(`fuzz set-up: ${action} gave no token`);
    return token;
  };
  const tokens: Tokens = { v1: [], v2: [] };
  for (let i = 0; i < n; i++) {
    tokens.v1.push(await post('activatePaymentNotice', envelope(activateXml(syntheticNotice()))));
    tokens.v2.push(
      await post('activatePaymentNoticeV2', envelope(activateXml(syntheticNotice(), { c: PSP_V2 }).replace(/activatePaymentNoticeReq/g, 'activatePaymentNoticeV2Request'))),
    );
  }
  return tokens;
}

/**
 * The mock EC's requests, as node-soap writes them from the mock's own WSDL (so they are the messages a
 * WSDL-driven client sends); the template's notice number is swapped for a fresh one per mutation.
 */
export async function mockEcTemplates(mockUrl: string): Promise<Record<string, () => BaseRequest>> {
  const pa = await PaForNode.connect(mockUrl);
  const nav = mockNav();
  const transfers = [{ ec: EC, iban: IBAN, cents: 10000 }];
  const calls: [string, object][] = [
    ['paVerifyPaymentNotice', head(nav)],
    ['paGetPayment', { ...head(nav), amount: '100.00' }],
    ['paGetPaymentV2', head(nav)],
    ['paSendRT', { idPA: EC, idBrokerPA: EC, idStation: `${EC}_03`, receipt: receipt(nav, `rcpt-${nav}`, transfers, false) }],
    ['paSendRTV2', { idPA: EC, idBrokerPA: EC, idStation: `${EC}_03`, receipt: receipt(nav, `rcpt-${nav}`, transfers, true) }],
  ];
  const out: Record<string, () => BaseRequest> = {};
  for (const [operation, args] of calls) {
    const { request, raw } = await pa.unchecked(operation, args);
    if (/PAA_SINTASSI_XSD|PAA_SYSTEM_ERROR/.test(raw)) throw new Error(`fuzz set-up: the template of ${operation} is not answered cleanly:\n${request}\n${raw}`);
    out[operation] = () => {
      const fresh = mockNav();
      return { endpoint: 'mockEc', operation, xml: request.split(nav).join(fresh).split(nav.slice(1)).join(fresh.slice(1)), noticeNumber: fresh };
    };
  }
  return out;
}
