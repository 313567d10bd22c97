import type { FaultCode } from '../../src/nodo/faults';
import { freshNotice, type PSP } from '../helpers/soap';
import { navOnSegregation } from '../remote/helpers';

/**
 * The rows of uat-environment.md §1 that the PSP primitives reach, with what pagoPA's test plan
 * (pagopa-nodo-dei-pagamenti-test) expects of each: OK, or the exact fault code and the description the
 * node words (the faultString itself when it words none).
 */
export type Op = 'verifyPaymentNotice' | 'activatePaymentNotice' | 'activatePaymentNoticeV2';
export type PspOp = Op | 'sendPaymentOutcome' | 'sendPaymentOutcomeV2';
export type Creds = typeof PSP;
export type Expected = 'OK' | { code: FaultCode; description?: string | RegExp };

const ko = (code: FaultCode, description?: string | RegExp): Expected => ({ code, ...(description !== undefined ? { description } : {}) });
const INT_CANALE = ko('PPT_AUTORIZZAZIONE', 'Configurazione intermediario-canale non corretta');
const NOT_MODEL_3 = ko('PPT_AUTORIZZAZIONE', "Il canale non è di tipo 'ATTIVATO_PRESSO_PSP'");
const STAZIONE_SCONOSCIUTA = ko('PPT_STAZIONE_INT_PA_SCONOSCIUTA', 'Configurazione pa-progressivo stazione non corretta');
const IRRAGGIUNGIBILE = ko('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', /.+/);
const ERRORE_RESPONSE = (detail: RegExp) => ko('PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', detail);

const PSP_OPS: PspOp[] = ['verifyPaymentNotice', 'activatePaymentNotice', 'activatePaymentNoticeV2', 'sendPaymentOutcome', 'sendPaymentOutcomeV2'];
const EC_OPS: Op[] = ['verifyPaymentNotice', 'activatePaymentNotice', 'activatePaymentNoticeV2'];
const every = <O extends string>(ops: O[], e: Expected): Partial<Record<O, Expected>> => Object.fromEntries(ops.map((op) => [op, e])) as Partial<Record<O, Expected>>;

export interface PspRow {
  id: string;
  /** over the plan's defaults: 60000000001 / 60000000001 / 60000000001_01 (_08 on the V2 primitives), pwdpwdpwd */
  creds: Partial<Creds>;
  ops: Partial<Record<PspOp, Expected>>;
}

/** §1.1 PSPs and PSP brokers, §1.2 channels. An outcome expected OK closes a token 60000000001 activated. */
export const PSP_ROWS: PspRow[] = [
  { id: 'PSP 60000000001, broker 60000000001, channels 60000000001_01/_08', creds: {}, ops: every(PSP_OPS, 'OK') },
  { id: 'PSP NOT_ENABLED', creds: { idPSP: 'NOT_ENABLED' }, ops: every(PSP_OPS, ko('PPT_PSP_DISABILITATO')) },
  { id: 'PSP broker INT_NOT_ENABLED', creds: { idBrokerPSP: 'INT_NOT_ENABLED' }, ops: every(PSP_OPS, ko('PPT_INTERMEDIARIO_PSP_DISABILITATO')) },
  { id: 'broker 97735020584 with channel 60000000001_01', creds: { idBrokerPSP: '97735020584' }, ops: { verifyPaymentNotice: INT_CANALE, activatePaymentNotice: INT_CANALE } },
  { id: 'broker 50000000001 with channel 60000000001_08', creds: { idBrokerPSP: '50000000001' }, ops: { activatePaymentNoticeV2: INT_CANALE } },
  { id: 'broker 91000000001 with channel 60000000001_01/_08', creds: { idBrokerPSP: '91000000001' }, ops: { sendPaymentOutcome: INT_CANALE, sendPaymentOutcomeV2: INT_CANALE } },
  {
    id: 'channel 60000000001_07 (not ATTIVATO_PRESSO_PSP)',
    creds: { idChannel: '60000000001_07' },
    ops: { verifyPaymentNotice: NOT_MODEL_3, activatePaymentNotice: NOT_MODEL_3, activatePaymentNoticeV2: NOT_MODEL_3, sendPaymentOutcome: 'OK', sendPaymentOutcomeV2: 'OK' },
  },
  {
    id: 'channel 60000000001_03 (IMMEDIATO_MULTIBENEFICIARIO)',
    creds: { idChannel: '60000000001_03' },
    ops: { verifyPaymentNotice: NOT_MODEL_3, activatePaymentNotice: NOT_MODEL_3, activatePaymentNoticeV2: NOT_MODEL_3 },
  },
  { id: 'channel 60000000001_04 (model 1)', creds: { idChannel: '60000000001_04' }, ops: { verifyPaymentNotice: NOT_MODEL_3, activatePaymentNotice: NOT_MODEL_3 } },
  { id: 'channel 60000000001_06 (model 2)', creds: { idChannel: '60000000001_06' }, ops: { verifyPaymentNotice: NOT_MODEL_3, activatePaymentNotice: NOT_MODEL_3 } },
  { id: 'channel 60000000001_08 (version 2) on verify', creds: { idChannel: '60000000001_08' }, ops: { verifyPaymentNotice: 'OK' } },
  { id: 'channel 60000000001_01 with a wrong password', creds: { password: 'wrongpwd1' }, ops: every(PSP_OPS, ko('PPT_AUTENTICAZIONE', 'Password sconosciuta o errata')) },
  { id: 'channel CANALE_NOT_ENABLED', creds: { idChannel: 'CANALE_NOT_ENABLED' }, ops: every(PSP_OPS, ko('PPT_CANALE_DISABILITATO')) },
  { id: 'PSP pspUnknown', creds: { idPSP: 'pspUnknown' }, ops: every(PSP_OPS, ko('PPT_PSP_SCONOSCIUTO')) },
  { id: 'PSP 1230984759', creds: { idPSP: '1230984759' }, ops: every(PSP_OPS, ko('PPT_PSP_SCONOSCIUTO')) },
  { id: 'PSP broker brokerPspUnknown', creds: { idBrokerPSP: 'brokerPspUnknown' }, ops: every(PSP_OPS, ko('PPT_INTERMEDIARIO_PSP_SCONOSCIUTO')) },
  { id: 'channel channelUnknown', creds: { idChannel: 'channelUnknown' }, ops: every(PSP_OPS, ko('PPT_CANALE_SCONOSCIUTO')) },
  {
    id: 'PSP 40000000001, broker 40000000001, channel 40000000001_01',
    creds: { idPSP: '40000000001', idBrokerPSP: '40000000001', idChannel: '40000000001_01' },
    ops: every(EC_OPS, 'OK'),
  },
  {
    id: 'PSP 40000000001, broker 40000000002, channel 40000000002_01',
    creds: { idPSP: '40000000001', idBrokerPSP: '40000000002', idChannel: '40000000002_01' },
    ops: every(EC_OPS, 'OK'),
  },
  { id: 'PSP POSTE3, broker BANCOPOSTA, channel POSTE3', creds: { idPSP: 'POSTE3', idBrokerPSP: 'BANCOPOSTA', idChannel: 'POSTE3' }, ops: every(EC_OPS, 'OK') },
  {
    id: 'channel POSTE3 with password "password"',
    creds: { idPSP: 'POSTE3', idBrokerPSP: 'BANCOPOSTA', idChannel: 'POSTE3', password: 'password' },
    ops: { verifyPaymentNotice: ko('PPT_AUTENTICAZIONE', 'Password sconosciuta o errata') },
  },
  {
    id: 'PSP POSTE1, broker BANCOPOSTA, channel POSTE1_ONUS (not ATTIVATO_PRESSO_PSP)',
    creds: { idPSP: 'POSTE1', idBrokerPSP: 'BANCOPOSTA', idChannel: 'POSTE1_ONUS' },
    ops: { verifyPaymentNotice: NOT_MODEL_3, activatePaymentNotice: NOT_MODEL_3 },
  },
  { id: 'PSP AGID_01, broker 97735020584, channel 97735020584_03', creds: { idPSP: 'AGID_01', idBrokerPSP: '97735020584', idChannel: '97735020584_03' }, ops: every(EC_OPS, 'OK') },
  {
    id: 'PSP 36892710904 (Checkout), broker 36892710904, channel 36892710904_02',
    creds: { idPSP: '36892710904', idBrokerPSP: '36892710904', idChannel: '36892710904_02' },
    ops: every(EC_OPS, 'OK'),
  },
];

export interface EcRow {
  id: string;
  ec: string;
  notice: () => string;
  ops: Partial<Record<Op, Expected>>;
}

const fixed = (n: string) => () => n;
const aux0 = (applicationCode: string) => () => `0${applicationCode}${freshNotice().slice(3)}`;

/** §1.3 creditor institutions and EC brokers, §1.4 stations and notice routing (the plan's own notice numbers where it has some). */
export const EC_ROWS: EcRow[] = [
  { id: 'EC 66666666666, aux 3 seg 02 (30211…): station 66666666666_01', ec: '66666666666', notice: freshNotice, ops: every(EC_OPS, 'OK') },
  { id: 'EC 66666666666, aux 3 seg 09: station 66666666666_08 (V2)', ec: '66666666666', notice: () => navOnSegregation('09'), ops: every(EC_OPS, 'OK') },
  { id: 'EC 66666666666, aux 3 seg 10: station 66666666666_08 (V2)', ec: '66666666666', notice: () => navOnSegregation('10'), ops: every(EC_OPS, 'OK') },
  { id: 'EC 66666666666, aux 3 seg 12: station 66666666666_05', ec: '66666666666', notice: () => navOnSegregation('12'), ops: every(EC_OPS, 'OK') },
  { id: 'EC 66666666666, aux 0 app 02: station 66666666666_05', ec: '66666666666', notice: aux0('02'), ops: every(EC_OPS, 'OK') },
  {
    id: 'EC 66666666666, 316456789012345478 (STAZIONE_NOT_ENABLED)',
    ec: '66666666666',
    notice: fixed('316456789012345478'),
    ops: every(EC_OPS, ko('PPT_STAZIONE_INT_PA_DISABILITATA')),
  },
  { id: 'EC 66666666666, 099456789012345678 (nothing listens)', ec: '66666666666', notice: fixed('099456789012345678'), ops: every(EC_OPS, IRRAGGIUNGIBILE) },
  {
    id: 'EC 66666666666, 010456789012345678 (STZ_INT_NOT_ENABLED of INT_NOT_ENABLED)',
    ec: '66666666666',
    notice: fixed('010456789012345678'),
    ops: every(EC_OPS, ko('PPT_INTERMEDIARIO_PA_DISABILITATO')),
  },
  { id: 'EC 66666666666, 300456789012345678 (seg 00)', ec: '66666666666', notice: fixed('300456789012345678'), ops: every(EC_OPS, STAZIONE_SCONOSCIUTA) },
  { id: 'EC 66666666666, 301456789012345678 (seg 01)', ec: '66666666666', notice: fixed('301456789012345678'), ops: every(EC_OPS, STAZIONE_SCONOSCIUTA) },
  { id: 'EC 66666666666, 011456789012345678 (app 11)', ec: '66666666666', notice: fixed('011456789012345678'), ops: every(EC_OPS, STAZIONE_SCONOSCIUTA) },
  { id: 'EC 66666666666, 511456789012345678 (aux 5)', ec: '66666666666', notice: fixed('511456789012345678'), ops: every(EC_OPS, STAZIONE_SCONOSCIUTA) },
  {
    id: 'EC 77777777777, 006456789012345478 (STAZIONE_NOT_ENABLED)',
    ec: '77777777777',
    notice: fixed('006456789012345478'),
    ops: every(EC_OPS, ko('PPT_STAZIONE_INT_PA_DISABILITATA')),
  },
  { id: 'EC 77777777777, 511456789012345678 (aux 5)', ec: '77777777777', notice: fixed('511456789012345678'), ops: every(EC_OPS, STAZIONE_SCONOSCIUTA) },
  { id: 'EC 77777777777, 011456789012345678 (app 11)', ec: '77777777777', notice: fixed('011456789012345678'), ops: every(EC_OPS, STAZIONE_SCONOSCIUTA) },
  { id: 'EC 77777777777, 316456789012345478 (seg 16)', ec: '77777777777', notice: fixed('316456789012345478'), ops: every(EC_OPS, STAZIONE_SCONOSCIUTA) },
  { id: 'EC 44444444444, aux 3 seg 02: station 44444444444_01', ec: '44444444444', notice: () => navOnSegregation('02'), ops: every(EC_OPS, 'OK') },
  { id: 'EC 44444444444, aux 3 seg 11: station 44444444444_01', ec: '44444444444', notice: () => navOnSegregation('11'), ops: every(EC_OPS, 'OK') },
  {
    id: 'EC 55555555555, 088456789012345678 (STZ_INT_NOT_ENABLED of INT_NOT_ENABLED)',
    ec: '55555555555',
    notice: fixed('088456789012345678'),
    ops: every(EC_OPS, ko('PPT_INTERMEDIARIO_PA_DISABILITATO')),
  },
  { id: 'EC 00000000000, 443456789012345678 (aux 4 seg 43, nothing listens)', ec: '00000000000', notice: fixed('443456789012345678'), ops: every(EC_OPS, IRRAGGIUNGIBILE) },
  { id: 'EC 11111122223 (disabled)', ec: '11111122223', notice: freshNotice, ops: every(EC_OPS, ko('PPT_DOMINIO_DISABILITATO')) },
  { id: 'EC 11111122222 (disabled)', ec: '11111122222', notice: freshNotice, ops: every(EC_OPS, ko('PPT_DOMINIO_DISABILITATO')) },
  { id: 'EC 10000000000 (absent)', ec: '10000000000', notice: freshNotice, ops: every(EC_OPS, ko('PPT_DOMINIO_SCONOSCIUTO')) },
  { id: 'EC 12309847591 (absent)', ec: '12309847591', notice: freshNotice, ops: every(EC_OPS, ko('PPT_DOMINIO_SCONOSCIUTO')) },
];

export interface TransferRow {
  id: string;
  ec: string;
  iban: string;
  expected: Expected;
}

const POSTAL_1016 = 'IT45R0760103200000000001016';
const notRegistered = (iban: string): TransferRow => ({
  id: `IBAN ${iban} (registered for nobody) on 66666666666`,
  ec: '66666666666',
  iban,
  expected: ERRORE_RESPONSE(new RegExp(`transfer 2: IBAN ${iban} is not registered for creditor institution 66666666666`)),
});

/** §1.3 ECs as transfer beneficiaries and §1.5 IBANs, as the second transfer of a station's answer. */
export const TRANSFER_ROWS: TransferRow[] = [
  ...['44444444444', '90000000001', '90000000002', '77777777777'].map((ec) => ({ id: `EC ${ec} with IBAN ${POSTAL_1016}`, ec, iban: POSTAL_1016, expected: 'OK' as const })),
  { id: 'EC 77777777777 with IBAN IT57N0760114800000011050036 (mock EC postal)', ec: '77777777777', iban: 'IT57N0760114800000011050036', expected: 'OK' },
  { id: 'EC 77777777777 with IBAN IT96R0123454321000000012345 (mock EC bank)', ec: '77777777777', iban: 'IT96R0123454321000000012345', expected: 'OK' },
  { id: 'EC 01199250158 with IBAN IT03E0760101600000000003236 (Milano postal)', ec: '01199250158', iban: 'IT03E0760101600000000003236', expected: 'OK' },
  { id: 'EC 01199250158 with IBAN IT04O0100003245350008332100 (Milano bank)', ec: '01199250158', iban: 'IT04O0100003245350008332100', expected: 'OK' },
  { id: 'EC 00939820726 with IBAN IT80E0306904013100000046039 (Bitetto bank)', ec: '00939820726', iban: 'IT80E0306904013100000046039', expected: 'OK' },
  {
    id: 'EC 11111122222 (disabled) as transfer EC',
    ec: '11111122222',
    iban: POSTAL_1016,
    expected: ERRORE_RESPONSE(/transfer 2: creditor institution 11111122222 is disabled/),
  },
  {
    id: 'EC 10000000000 (absent) as transfer EC',
    ec: '10000000000',
    iban: POSTAL_1016,
    expected: ERRORE_RESPONSE(/transfer 2: fiscalCodePA 10000000000 is not a creditor institution known to pagoPA/),
  },
  ...['IT45R0760103200000000001015', 'IT45R0760103200666666666666', 'IT45R0760103200777777777777', 'IT45R0760103200004440551016'].map(notRegistered),
];
