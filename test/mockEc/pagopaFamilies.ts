import { B1, B2, B3, BITETTO, EC_TE, MILANO, P1, P2 } from './pagopaHelpers';

/**
 * What pagoPA's mock EC answers for each 302NN family, written out from uat-environment.md §2.2–§2.3 (not
 * derived from the implementation's tables): the tests compare every answer with these rows.
 */
export interface ExpectedVerify {
  amount: string;
  dueDate: string;
  allCCP: boolean;
  companyName?: string;
}

/** [amount, fiscalCodePA, IBAN, transferCategory, remittanceInformation] */
export type ExpectedTransfer = [string, string, string, string, string];

const C1 = '0101101IM';
const C2 = '0201102IM';
const D = '2021-07-31';
const D30 = '2030-07-31+02:00';
export const LONG_NAME = 'Veeery long company PA name which fills all available 140 characters, (are you still reading? You should not stare at a screen for too long)';

export const VERIFY: Record<string, ExpectedVerify> = {
  ...Object.fromEntries(['00', '01', '02', '03', '14', '15', '16', '17', '22'].map((f) => [f, { amount: '120.00', dueDate: D, allCCP: true }])),
  ...Object.fromEntries(['04', '05', '06', '07', '08', '09'].map((f) => [f, { amount: '100.00', dueDate: D, allCCP: true }])),
  '10': { amount: '70.00', dueDate: D, allCCP: true },
  '11': { amount: '70.00', dueDate: D, allCCP: true },
  '12': { amount: '6000.00', dueDate: D, allCCP: true },
  '13': { amount: '0.30', dueDate: D, allCCP: true },
  ...Object.fromEntries(['18', '19', '20', '21'].map((f) => [f, { amount: '120.00', dueDate: D, allCCP: false }])),
  '23': { amount: '120.00', dueDate: D, allCCP: true, companyName: LONG_NAME },
  '24': { amount: '120.00', dueDate: D30, allCCP: true },
  '25': { amount: '999999900.00', dueDate: D30, allCCP: true },
  '26': { amount: '3000.00', dueDate: D30, allCCP: true },
  '27': { amount: '120.00', dueDate: D30, allCCP: true },
};

const tari = (iban: string) => `TARI EC_TE su bollettino ${iban.slice(5, 10) === '07601' ? 'CCPost' : 'CCBank'}`;
const tefa = (iban: string) => `TEFA Comune Milano su bollettino ${iban.slice(5, 10) === '07601' ? 'CCPost' : 'CCBank'}`;
const s = (who: string, iban: string) => `${who} su bollettino ${iban.slice(5, 10) === '07601' ? 'CCPost' : 'CCBank'}`;
const te = (amount: string, iban: string, cat = C1): ExpectedTransfer => [amount, EC_TE, iban, cat, s('EC_TE', iban)];
const mi = (amount: string, iban: string, cat = C2): ExpectedTransfer => [amount, MILANO, iban, cat, s('Comune Milano', iban)];
const bi = (amount: string, cat = C1): ExpectedTransfer => [amount, BITETTO, B3, cat, s('Comune Bitetto', B3)];
const tPair = (a: string, b: string, ia: string, ib: string): ExpectedTransfer[] => [
  [a, EC_TE, ia, C1, tari(ia)],
  [b, MILANO, ib, C2, tefa(ib)],
];

/** paGetPayment V1 (and V2 but for 27): amount, dueDate and the transfers. */
export const PAYMENT: Record<string, { amount: string; dueDate: string; transfers: ExpectedTransfer[] }> = {
  '00': { amount: '120.00', dueDate: D, transfers: tPair('100.00', '20.00', P1, P2) },
  '01': { amount: '120.00', dueDate: D, transfers: tPair('100.00', '20.00', P1, B2) },
  '02': { amount: '120.00', dueDate: D, transfers: tPair('100.00', '20.00', B1, P2) },
  '03': { amount: '120.00', dueDate: D, transfers: tPair('100.00', '20.00', B1, B2) },
  '04': { amount: '100.00', dueDate: D, transfers: [['100.00', EC_TE, P1, C1, tari(P1)]] },
  '05': { amount: '100.00', dueDate: D, transfers: [['100.00', EC_TE, B1, C1, tari(B1)]] },
  '06': { amount: '100.00', dueDate: D, transfers: tPair('70.00', '30.00', P1, P2) },
  '07': { amount: '100.00', dueDate: D, transfers: tPair('70.00', '30.00', P1, B2) },
  '08': { amount: '100.00', dueDate: D, transfers: tPair('70.00', '30.00', B1, P2) },
  '09': { amount: '100.00', dueDate: D, transfers: tPair('70.00', '30.00', B1, B2) },
  '10': { amount: '70.00', dueDate: D, transfers: [['70.00', EC_TE, P1, C1, tari(P1)]] },
  '11': { amount: '70.00', dueDate: D, transfers: [['70.00', EC_TE, B1, C1, tari(B1)]] },
  '12': { amount: '6000.00', dueDate: D, transfers: tPair('4000.00', '2000.00', P1, B2) },
  '13': { amount: '0.30', dueDate: D, transfers: tPair('0.10', '0.20', P1, B2) },
  // Bitetto 20.00, not the 10.00 of pagoPA's source (which adds up to 110.00)
  '14': { amount: '120.00', dueDate: D, transfers: [te('70.00', P1), mi('30.00', B2), bi('20.00', C2)] },
  '15': { amount: '120.00', dueDate: D, transfers: [te('70.00', P1), mi('30.00', B2), bi('10.00'), mi('10.00', B2)] },
  '16': { amount: '120.00', dueDate: D, transfers: [te('70.00', P1), mi('30.00', B2), bi('10.00'), mi('5.00', B2), mi('5.00', B2)] },
  '17': { amount: '120.00', dueDate: D, transfers: [te('100.00', P1), te('20.00', P1, C2)] },
  '18': {
    amount: '120.00',
    dueDate: D,
    transfers: [
      ['100.00', MILANO, P2, C1, 'Oneri SUAP 1,Comune Milano su bollettino CCPost'],
      ['20.00', BITETTO, B3, C1, 'Oneri SUAP 2,Comune Bitetto su bollettino CCBank'],
    ],
  },
  '19': { amount: '120.00', dueDate: D, transfers: [te('70.00', B1), te('30.00', B1), te('20.00', P1)] },
  '20': {
    amount: '120.00',
    dueDate: D,
    transfers: [
      ['100.00', MILANO, P2, C1, 'Oneri SUAP 1,Comune Milano su bollettino CCPost'],
      ['20.00', MILANO, B2, C1, 'Oneri SUAP 2,Comune Milano su bollettino CCBank'],
    ],
  },
  '21': { amount: '120.00', dueDate: D, transfers: [te('100.00', P1), te('20.00', B1, C2)] },
  '22': { amount: '120.00', dueDate: D, transfers: [te('70.00', P1), te('30.00', P1), te('20.00', B1)] },
  '23': { amount: '120.00', dueDate: D, transfers: [te('70.00', B1), te('30.00', B1), te('20.00', P1)] },
  '24': { amount: '120.00', dueDate: '2021-07-31+02:00', transfers: [te('100.00', P1), te('20.00', B1, C2)] },
  '25': { amount: '999999900.00', dueDate: D, transfers: [te('999999900.00', B1)] },
  '26': { amount: '3010.00', dueDate: D, transfers: [te('3010.00', B1)] },
  // V1: no stamp (ctTransferPA cannot carry one); two spaces before CCx, as in pagoPA's mock
  '27': {
    amount: '120.00',
    dueDate: D,
    transfers: [
      ['100.00', MILANO, P2, C1, 'Comune Milano su bollettino  CCPost'],
      ['20.00', MILANO, B2, C2, 'Comune Milano su bollettino  CCBank'],
    ],
  },
};

/** postman's check 4: the kinds of the transfers' IBANs (stamp transfers skipped) */
export const KINDS: Record<string, string> = {
  '00': 'PP',
  '01': 'PB',
  '02': 'BP',
  '03': 'BB',
  '04': 'P',
  '05': 'B',
  '06': 'PP',
  '07': 'PB',
  '08': 'BP',
  '09': 'BB',
  '10': 'P',
  '11': 'B',
  '12': 'PB',
  '13': 'PB',
  '14': 'PBB',
  '15': 'PBBB',
  '16': 'PBBBB',
  '17': 'PP',
  '18': 'PB',
  '19': 'BBP',
  '20': 'PB',
  '21': 'PB',
  '22': 'PPB',
  '23': 'BBP',
  '24': 'PB',
  '25': 'B',
  '26': 'B',
  '27': 'PB',
};
