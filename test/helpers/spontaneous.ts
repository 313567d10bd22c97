import { PSP, type NodeForPsp, type SoapResult } from './soap';
import { writeRegistry } from '../receipts/helpers';

/**
 * Spontaneous payments (demandPaymentNotice): the service documents of the demo catalogue, and a registry
 * derived from the demo one with the subjects the demo cannot show (every EC-side fault, a synthetic
 * station, a remote station with short timeouts).
 */
export const EC = '66666666666';
export const IBAN = 'IT45R0760103200000000001016';

/** a remote V2 station on the built-in mock EC whose timeouts are short: the timeout case ends quickly */
export const SHORT_STATION = { code: '66666666666_40', seg: '40', timeoutMs: 1200 };

/** idSoggettoServizio → what it is for, in the test registry (the demo's 00001, 00002, 00009, 00092 stay as they are) */
export const SUBJECTS = {
  /** demo: passport, remote station 66666666666_03 on the mock EC */
  passport: '00001',
  /** demo: fishing licence, archive station 66666666666_02 (segregation code 20) */
  fishing: '00002',
  /** demo: a version-1 service */
  version1: '00009',
  /** demo: validTo 2021-12-31 */
  expired: '00092',
  /** passport on SHORT_STATION */
  short: '00010',
  /** passport for the disabled EC 11111122223 */
  ecDisabled: '00011',
  /** passport on the disabled station STAZIONE_NOT_ENABLED */
  stationDisabled: '00012',
  /** passport on STZ_INT_NOT_ENABLED, whose broker is disabled */
  brokerDisabled: '00013',
  /** passport on 66666666666_99, where nothing listens */
  unreachable: '00014',
  /** passport on the synthetic station 66666666666_01 (segregation code 02) */
  synthetic: '00015',
  /** passport, valid only from 2999 */
  future: '00016',
  /** car tax on the archive station 66666666666_02 */
  carTax: '00017',
} as const;

/** Broker 97735020584 has extendedFaultBean; the test registry lets PSP 60000000001 use its channel. */
export const PSP_EXT = { ...PSP, idBrokerPSP: '97735020584', idChannel: '97735020584_03' };

export function spontaneousRegistry(): string {
  return writeRegistry((doc) => {
    doc.stations.push({
      stationCode: SHORT_STATION.code,
      enabled: true,
      brokerCode: EC,
      password: 'pwdpwdpwd',
      primitiveVersion: 2,
      backend: { type: 'remote', url: '/mock-ec/v1', timeouts: { verifyMs: SHORT_STATION.timeoutMs, getPaymentMs: SHORT_STATION.timeoutMs } },
    });
    doc.stationCreditorInstitutions.push(
      { creditorInstitutionCode: EC, stationCode: SHORT_STATION.code, auxDigit: 3, segregationCode: SHORT_STATION.seg },
      { creditorInstitutionCode: '11111122223', stationCode: '66666666666_01', auxDigit: 3, segregationCode: '02' },
    );
    const subject = (id: string, stationCode: string, extra: object = {}) => ({
      idSoggettoServizio: id,
      creditorInstitutionCode: EC,
      stationCode,
      validFrom: '2020-01-01',
      ...extra,
    });
    const passport = doc.services.find((s: { idServizio: string }) => s.idServizio === '00001');
    passport.subjects.push(
      subject(SUBJECTS.short, SHORT_STATION.code),
      subject(SUBJECTS.ecDisabled, '66666666666_01', { creditorInstitutionCode: '11111122223' }),
      subject(SUBJECTS.stationDisabled, 'STAZIONE_NOT_ENABLED'),
      subject(SUBJECTS.brokerDisabled, 'STZ_INT_NOT_ENABLED'),
      subject(SUBJECTS.unreachable, '66666666666_99'),
      subject(SUBJECTS.synthetic, '66666666666_01'),
      subject(SUBJECTS.future, '66666666666_02', { validFrom: '2999-01-01' }),
    );
    doc.services.find((s: { idServizio: string }) => s.idServizio === '00003').subjects.push(subject(SUBJECTS.carTax, '66666666666_02'));
    doc.pspChannels.push({ pspCode: PSP.idPSP, channelCode: PSP_EXT.idChannel, paymentType: 'PO' });
  });
}

export const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';

/** datiSpecificiServizio of the passport service (A001_Passaporto_1_0_0.xsd): payer Mario Rossi, holder as given */
export function passportXml(holder = { cf: 'RSSGLI05A41H501X', name: 'Giulia Rossi' }, opts: { withoutHolder?: boolean } = {}): string {
  const ns = 'http://PuntoAccessoPSP.spcoop.gov.it/pagamentoPratica';
  return (
    `${XML_DECL}<pp:pagamentoPratica xmlns:pp="${ns}"><pp:codicePratica>A001</pp:codicePratica>` +
    '<pp:pagatore><pp:codiceFiscalePagatore>RSSMRA80A01H501U</pp:codiceFiscalePagatore><pp:denominazionePagatore>Mario Rossi</pp:denominazionePagatore></pp:pagatore>' +
    (opts.withoutHolder
      ? ''
      : `<pp:intestatario><pp:codiceFiscaleIntestatario>${holder.cf}</pp:codiceFiscaleIntestatario><pp:denominazioneIntestatario>${holder.name}</pp:denominazioneIntestatario></pp:intestatario>`) +
    '</pp:pagamentoPratica>'
  );
}

/** datiSpecificiServizio of the fishing licence service (D847_Pesca_1_0_0.xsd) */
export function fishingXml(holder = { cf: 'BNCLCU70C10F205Z', name: 'Luca Bianchi' }): string {
  const ns = 'http://PuntoAccessoPSP.spcoop.gov.it/praticaPagamentoCanoni';
  return (
    `${XML_DECL}<pc:praticaPagamentoCanoni xmlns:pc="${ns}"><pc:codicePratica>D847</pc:codicePratica>` +
    `<pc:pagatore><pc:codiceFiscalePagatore>${holder.cf}</pc:codiceFiscalePagatore><pc:denominazionePagatore>${holder.name}</pc:denominazionePagatore></pc:pagatore>` +
    `<pc:intestatario><pc:codiceFiscaleIntestatario>${holder.cf}</pc:codiceFiscaleIntestatario><pc:denominazioneIntestatario>${holder.name}</pc:denominazioneIntestatario></pc:intestatario>` +
    '<pc:note><pc:note>licenza di tipo B</pc:note></pc:note></pc:praticaPagamentoCanoni>'
  );
}

/** datiSpecificiServizio of the car tax service (TassaAutomobilistica_1_1_0.xsd) */
export function carTaxXml(type: '1' | '2' | '4', plate = 'AB123CD'): string {
  const ns = 'http://PuntoAccessoPSP.spcoop.gov.it/TassaAuto';
  return `${XML_DECL}<ta:tassaAuto xmlns:ta="${ns}"><ta:veicoloConTarga><ta:tipoVeicoloTarga>${type}</ta:tipoVeicoloTarga><ta:veicoloTarga>${plate}</ta:veicoloTarga></ta:veicoloConTarga></ta:tassaAuto>`;
}

/** demandPaymentNotice through node-soap (the response is checked against the official nodeForPsp.xsd by NodeForPsp.call). */
export async function demand(nodo: NodeForPsp, idSoggettoServizio: string, xml: string, creds: object = PSP): Promise<SoapResult> {
  return (await nodo.call('demandPaymentNotice', { ...creds, idSoggettoServizio, datiSpecificiServizio: b64(xml) })).result;
}

export interface DemandedNotice {
  fiscalCode: string;
  noticeNumber: string;
  amount: string;
}

/** the notice of an OK demand: its qrCode and amount, with the answer's shape checked */
export function demanded(r: SoapResult): DemandedNotice {
  if (r.outcome !== 'OK') throw new Error(`demand KO: ${JSON.stringify(r.fault)}`);
  const qr = r.qrCode as { fiscalCode: string; noticeNumber: string };
  const options = (r.paymentList as { paymentOptionDescription: { amount: string }[] }).paymentOptionDescription;
  if (options.length !== 1) throw new Error(`demand: ${options.length} options`);
  return { fiscalCode: qr.fiscalCode, noticeNumber: qr.noticeNumber, amount: options[0]!.amount };
}
