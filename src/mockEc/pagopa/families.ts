/**
 * The notice families of pagoPA's own mock EC (pagopa-mock-ec v1.7.18, EC_TE `77777777777`), as data:
 * a notice `3`, any two digits, NN (digits 4–5) answers family NN. Amounts in cents, IBANs by their
 * names in the mock's source. Spec: ../shared/spec/uat-environment.md §2.2–§2.4, with its two defects
 * resolved on purpose (family 14's Bitetto transfer is 20.00 so the transfers add up; family 27 on
 * paGetPayment V1 carries no stamp, which ctTransferPA cannot hold).
 */

export const EC_TE = '77777777777';

/** The three creditor institutions of the mock's transfers: fiscal code and the name its texts use. */
export const ECS = {
  EC_TE: { fiscalCode: EC_TE, text: 'EC_TE' },
  MILANO: { fiscalCode: '01199250158', text: 'Comune Milano' },
  BITETTO: { fiscalCode: '00939820726', text: 'Comune Bitetto' },
} as const;
export type EcKey = keyof typeof ECS;

/** P = postal (ABI 07601 at characters 6–10), B = bank. */
export const IBANS = {
  P1: 'IT57N0760114800000011050036',
  B1: 'IT96R0123454321000000012345',
  P2: 'IT03E0760101600000000003236',
  B2: 'IT04O0100003245350008332100',
  B3: 'IT80E0306904013100000046039',
} as const;
export type IbanKey = keyof typeof IBANS;

/** The rule pagoPA's postman collection applies to tell a postal IBAN from a bank one. */
export const isPostalIban = (iban: string) => iban.slice(5, 10) === '07601';

export const CATEGORY = '0101101IM';
/** the category of the transfers the spec marks [0201102IM] */
export const CATEGORY_2 = '0201102IM';

export interface TransferSpec {
  cents: number;
  ec: EcKey;
  iban: IbanKey;
  /** transferCategory 0201102IM instead of 0101101IM */
  category2?: boolean;
  /** remittanceInformation, when the family spells it out (18, 20, 27) instead of the T or S pattern */
  text?: string;
}

export interface Family {
  verify: { cents: number; dueDate: string; allCCP: boolean; companyName?: string };
  payment: {
    cents: number;
    dueDate?: string;
    /**
     * T: `TARI EC_TE su bollettino CCx`, `TEFA Comune Milano su bollettino CCx` by position;
     * S: `<EC name> su bollettino CCx`; CCx is CCPost or CCBank after the IBAN's kind.
     */
    texts: 'T' | 'S' | 'own';
    transfers: TransferSpec[];
  };
}

const DUE = '2021-07-31';
const DUE_2030 = '2030-07-31+02:00';
const LONG_COMPANY_NAME = 'Veeery long company PA name which fills all available 140 characters, (are you still reading? You should not stare at a screen for too long)';

const t = (cents: number, ec: EcKey, iban: IbanKey, category2 = false, text?: string): TransferSpec => ({
  cents,
  ec,
  iban,
  ...(category2 ? { category2 } : {}),
  ...(text !== undefined ? { text } : {}),
});
const verify = (cents: number, allCCP = true, dueDate = DUE): Family['verify'] => ({ cents, dueDate, allCCP });
const pay = (texts: Family['payment']['texts'], transfers: TransferSpec[], dueDate?: string): Family['payment'] => ({
  cents: transfers.reduce((s, x) => s + x.cents, 0),
  texts,
  transfers,
  ...(dueDate ? { dueDate } : {}),
});

/** 100.00 EC_TE + 20.00 Milano (00–03), 70.00 + 30.00 (06–09): the four postal/bank combinations. */
const pair = (first: number, second: number, a: IbanKey, b: IbanKey) => pay('T', [t(first, 'EC_TE', a), t(second, 'MILANO', b, true)]);

export const FAMILIES: Readonly<Record<string, Family>> = {
  '00': { verify: verify(12000), payment: pair(10000, 2000, 'P1', 'P2') },
  '01': { verify: verify(12000), payment: pair(10000, 2000, 'P1', 'B2') },
  '02': { verify: verify(12000), payment: pair(10000, 2000, 'B1', 'P2') },
  '03': { verify: verify(12000), payment: pair(10000, 2000, 'B1', 'B2') },
  '04': { verify: verify(10000), payment: pay('T', [t(10000, 'EC_TE', 'P1')]) },
  '05': { verify: verify(10000), payment: pay('T', [t(10000, 'EC_TE', 'B1')]) },
  '06': { verify: verify(10000), payment: pair(7000, 3000, 'P1', 'P2') },
  '07': { verify: verify(10000), payment: pair(7000, 3000, 'P1', 'B2') },
  '08': { verify: verify(10000), payment: pair(7000, 3000, 'B1', 'P2') },
  '09': { verify: verify(10000), payment: pair(7000, 3000, 'B1', 'B2') },
  '10': { verify: verify(7000), payment: pay('T', [t(7000, 'EC_TE', 'P1')]) },
  '11': { verify: verify(7000), payment: pay('T', [t(7000, 'EC_TE', 'B1')]) },
  '12': { verify: verify(600000), payment: pair(400000, 200000, 'P1', 'B2') },
  '13': { verify: verify(30), payment: pair(10, 20, 'P1', 'B2') },
  // the mock's own source says 10.00 for Bitetto, which sums to 110.00: its README's 20.00 is taken
  '14': { verify: verify(12000), payment: pay('S', [t(7000, 'EC_TE', 'P1'), t(3000, 'MILANO', 'B2', true), t(2000, 'BITETTO', 'B3', true)]) },
  '15': {
    verify: verify(12000),
    payment: pay('S', [t(7000, 'EC_TE', 'P1'), t(3000, 'MILANO', 'B2', true), t(1000, 'BITETTO', 'B3'), t(1000, 'MILANO', 'B2', true)]),
  },
  '16': {
    verify: verify(12000),
    payment: pay('S', [t(7000, 'EC_TE', 'P1'), t(3000, 'MILANO', 'B2', true), t(1000, 'BITETTO', 'B3'), t(500, 'MILANO', 'B2', true), t(500, 'MILANO', 'B2', true)]),
  },
  '17': { verify: verify(12000), payment: pay('S', [t(10000, 'EC_TE', 'P1'), t(2000, 'EC_TE', 'P1', true)]) },
  '18': {
    verify: verify(12000, false),
    payment: pay('own', [
      t(10000, 'MILANO', 'P2', false, 'Oneri SUAP 1,Comune Milano su bollettino CCPost'),
      t(2000, 'BITETTO', 'B3', false, 'Oneri SUAP 2,Comune Bitetto su bollettino CCBank'),
    ]),
  },
  '19': { verify: verify(12000, false), payment: pay('S', [t(7000, 'EC_TE', 'B1'), t(3000, 'EC_TE', 'B1'), t(2000, 'EC_TE', 'P1')]) },
  '20': {
    verify: verify(12000, false),
    payment: pay('own', [
      t(10000, 'MILANO', 'P2', false, 'Oneri SUAP 1,Comune Milano su bollettino CCPost'),
      t(2000, 'MILANO', 'B2', false, 'Oneri SUAP 2,Comune Milano su bollettino CCBank'),
    ]),
  },
  '21': { verify: verify(12000, false), payment: pay('S', [t(10000, 'EC_TE', 'P1'), t(2000, 'EC_TE', 'B1', true)]) },
  '22': { verify: verify(12000), payment: pay('S', [t(7000, 'EC_TE', 'P1'), t(3000, 'EC_TE', 'P1'), t(2000, 'EC_TE', 'B1')]) },
  '23': {
    verify: { ...verify(12000), companyName: LONG_COMPANY_NAME },
    payment: pay('S', [t(7000, 'EC_TE', 'B1'), t(3000, 'EC_TE', 'B1'), t(2000, 'EC_TE', 'P1')]),
  },
  '24': { verify: verify(12000, true, DUE_2030), payment: pay('S', [t(10000, 'EC_TE', 'P1'), t(2000, 'EC_TE', 'B1', true)], '2021-07-31+02:00') },
  '25': { verify: verify(99999990000, true, DUE_2030), payment: pay('S', [t(99999990000, 'EC_TE', 'B1')]) },
  // the amount "updated at activation": verify says 3000.00, paGetPayment 3010.00
  '26': { verify: verify(300000, true, DUE_2030), payment: pay('S', [t(301000, 'EC_TE', 'B1')]) },
  // V1 only (ctTransferPA holds no stamp); paGetPaymentV2 answers FAMILY_27_V2 below. Two spaces, as in the mock.
  '27': {
    verify: verify(12000, true, DUE_2030),
    payment: pay('own', [t(10000, 'MILANO', 'P2', false, 'Comune Milano su bollettino  CCPost'), t(2000, 'MILANO', 'B2', true, 'Comune Milano su bollettino  CCBank')]),
  },
};

/** Family 27 on paGetPaymentV2: a digital stamp transfer (no IBAN), its own texts and dates. */
export const FAMILY_27_V2 = {
  cents: 12000,
  dueDate: '2021-07-31+02:00',
  description: 'pagamentoTest',
  streetName: 'stradina Via',
  transfers: [
    { cents: 10000, ec: 'EC_TE' as EcKey, iban: 'P1' as IbanKey, text: 'remittance information' },
    { cents: 2000, ec: 'EC_TE' as EcKey, stamp: { hashDocumento: 'QUJDRA==', tipoBollo: '01', provinciaResidenza: 'RM' }, text: 'remittance information' },
  ],
};

/** What every family's verify answer shares. */
export const VERIFY_COMMON = {
  options: 'EQ',
  detailDescription: 'pagamentoTest',
  paymentDescription: 'Pagamento di Test',
  companyName: 'companyName',
  officeName: 'officeName',
} as const;

/** What every family's paGetPayment answer shares. */
export const PAYMENT_COMMON = {
  dueDate: DUE,
  description: 'TARI/TEFA 2021',
  companyName: 'company PA',
  officeName: 'office PA',
  debtor: {
    entityUniqueIdentifierType: 'F' as const,
    entityUniqueIdentifierValue: 'RCCGLD63D14H501F',
    fullName: 'Riccitelli Gesualdo',
    streetName: 'Stradina Via',
    civicNumber: '2',
    postalCode: '54321',
    city: 'borgo',
    stateProvinceRegion: 'provincia regione',
    country: 'IT',
    email: 'mail@mail.it',
  },
};

/** The remittance information of transfer `i` of a family, after its text pattern and the IBAN's kind. */
export function remittanceText(f: Family['payment'], i: number): string {
  const x = f.transfers[i]!;
  if (x.text !== undefined) return x.text;
  const cc = isPostalIban(IBANS[x.iban]) ? 'CCPost' : 'CCBank';
  if (f.texts === 'T') return `${i === 0 ? 'TARI EC_TE' : 'TEFA Comune Milano'} su bollettino ${cc}`;
  return `${ECS[x.ec].text} su bollettino ${cc}`;
}

/** Family NN of a notice: `3`, two digits, NN; anything else (aux digit not 3, too short) has none. */
export function familyOf(noticeNumber: string | undefined): string | undefined {
  const m = /^3\d\d(\d\d)/.exec(noticeNumber ?? '');
  return m?.[1];
}
