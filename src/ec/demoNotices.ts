import { buildNoticeNumber } from '../nodo/noticeNumber';
import type { NewPosition } from '../store/archive';
import { insertPosition } from '../store/archive';
import type { Sql } from '../store/sql';

/**
 * Demo notices for the archive-backed station 66666666666_02 (aux digit 3, segregation code 20), for three
 * debtors: single notices, a multi-beneficiary notice with a transfer to the secondary EC 88888888888,
 * a five-transfer notice, and a three-installment plan. Printed at start-up so they can be paid at once.
 * Then a few for the remote stations on the built-in mock EC (src/mockEc), which answers from this same
 * archive: segregation code 03 (66666666666_03, V2, Stand-In) and 04 (66666666666_04, V1).
 */
const EC = '66666666666';
const EC2 = '88888888888';
const IBAN = 'IT45R0760103200000000001016';
const IBAN_B = 'IT30N0103076271000001823603';
const IBAN2 = 'IT57N0760114800000011050036';

/**
 * The archive station's segregation code. Not 01: pagoPA's UAT has no station there (`301…` is
 * PPT_STAZIONE_INT_PA_SCONOSCIUTA in its test plan), and 00–04, 09–13 and 16 are UAT's own codes.
 */
export const ARCHIVE_SEGREGATION_CODE = '20';

const nav = (base: string, segregationCode = ARCHIVE_SEGREGATION_CODE) => buildNoticeNumber(3, segregationCode, base);
const iuv = (n: string) => n.slice(1);

function option(
  base: string,
  amountCents: number,
  description: string,
  dueDate: string,
  transfers: { ec: string; iban: string; cents: number; category: string }[],
  isPartialPayment = false,
  segregationCode = ARCHIVE_SEGREGATION_CODE,
) {
  const noticeNumber = nav(base, segregationCode);
  return {
    noticeNumber,
    iuv: iuv(noticeNumber),
    amountCents,
    description,
    dueDate,
    isPartialPayment,
    transfers: transfers.map((t, i) => ({
      idTransfer: i + 1,
      transferAmountCents: t.cents,
      fiscalCodePA: t.ec,
      companyName: t.ec === EC ? 'Comune di Test' : 'Regione di Test',
      IBAN: t.iban,
      remittanceInformation: description,
      transferCategory: t.category,
    })),
  };
}

export function demoPositions(year: number): NewPosition[] {
  const y = String(year);
  return [
    {
      organizationFiscalCode: EC,
      iupd: `DEMO-TARI-${y}-RSSMRA`,
      debtor: {
        entityUniqueIdentifierType: 'F',
        entityUniqueIdentifierValue: 'RSSMRA80A01H501U',
        fullName: 'Mario Rossi',
        streetName: 'Via Roma',
        civicNumber: '1',
        postalCode: '00100',
        city: 'Roma',
        stateProvinceRegion: 'RM',
        country: 'IT',
        email: 'mario.rossi@example.org',
      },
      companyName: 'Comune di Test',
      officeName: 'Ufficio Tributi',
      status: 'VALID',
      options: [
        option('0000000000001', 12000, `TARI ${y} rata 1 di 3`, `${y}-12-31`, [{ ec: EC, iban: IBAN, cents: 12000, category: '9/0101101IM/' }], true),
        option('0000000000002', 12000, `TARI ${y} rata 2 di 3`, `${year + 1}-03-31`, [{ ec: EC, iban: IBAN, cents: 12000, category: '9/0101101IM/' }], true),
        option('0000000000003', 12000, `TARI ${y} rata 3 di 3`, `${year + 1}-06-30`, [{ ec: EC, iban: IBAN, cents: 12000, category: '9/0101101IM/' }], true),
      ],
    },
    {
      organizationFiscalCode: EC,
      iupd: `DEMO-MENSA-${y}-RSSMRA`,
      debtor: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' },
      companyName: 'Comune di Test',
      status: 'VALID',
      options: [
        option('0000000000004', 15050, 'Mensa scolastica e trasporto regionale', `${year + 1}-01-31`, [
          { ec: EC, iban: IBAN, cents: 10050, category: '9/0201102IM/' },
          { ec: EC2, iban: IBAN2, cents: 5000, category: '9/0201103IM/' },
        ]),
      ],
    },
    {
      organizationFiscalCode: EC,
      iupd: `DEMO-CDS-${y}-VRDGPP`,
      debtor: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'VRDGPP65B12F205X', fullName: 'Giuseppe Verdi' },
      companyName: 'Comune di Test',
      officeName: 'Polizia Locale',
      status: 'VALID',
      options: [
        option('0000000000005', 8700, 'Sanzione codice della strada verbale 2026/123', `${year + 1}-02-28`, [{ ec: EC, iban: IBAN_B, cents: 8700, category: '9/0301109IM/' }]),
      ],
    },
    {
      organizationFiscalCode: EC,
      iupd: `DEMO-OSP-${y}-ACME`,
      debtor: { entityUniqueIdentifierType: 'G', entityUniqueIdentifierValue: '01234567897', fullName: 'ACME S.r.l.' },
      companyName: 'Comune di Test',
      status: 'VALID',
      options: [
        option('0000000000006', 100000, 'Canone unico patrimoniale e tributi collegati', `${year + 1}-04-30`, [
          { ec: EC, iban: IBAN, cents: 40000, category: '9/0101108IM/' },
          { ec: EC, iban: IBAN_B, cents: 20000, category: '9/0101108IM/' },
          { ec: EC2, iban: IBAN2, cents: 15000, category: '9/0101108IM/' },
          { ec: EC, iban: IBAN, cents: 15000, category: '9/0101108IM/' },
          { ec: EC2, iban: IBAN2, cents: 10000, category: '9/0101108IM/' },
        ]),
        option('0000000000007', 25000, 'Diritti di segreteria SUAP', `${year + 1}-05-31`, [{ ec: EC, iban: IBAN, cents: 25000, category: '9/0101102IM/' }]),
      ],
    },
    ...remotePositions(year),
  ];
}

/**
 * Served by the mock EC through the remote stations: every payment of these crosses real paForNode SOAP
 * calls. On 03 (V2): a single notice, a multi-beneficiary one (transfer to 88888888888), and one the node
 * may pay in Stand-In (payStandIn) when the station is down. On 04 (V1): two single notices.
 */
function remotePositions(year: number): NewPosition[] {
  const y = String(year);
  const next = `${year + 1}`;
  // debtors of their own: the pull and hint suites count the open notices of the debtors above
  const debtor = { entityUniqueIdentifierType: 'F' as const, entityUniqueIdentifierValue: 'BNCLRA85C41F205Z', fullName: 'Laura Bianchi' };
  const neri = { entityUniqueIdentifierType: 'F' as const, entityUniqueIdentifierValue: 'NREFNC70D15L219K', fullName: 'Francesco Neri' };
  const single = (seg: string, base: string, cents: number, description: string, iban = IBAN) =>
    option(base, cents, description, `${next}-03-31`, [{ ec: EC, iban, cents, category: '9/0101100IM/' }], false, seg);
  return [
    {
      organizationFiscalCode: EC,
      iupd: `DEMO-REMOTE-IMU-${y}-BNCLRA`,
      debtor,
      companyName: 'Comune di Test',
      officeName: 'Ufficio Tributi',
      status: 'VALID',
      options: [single('03', '0000000000001', 25000, `IMU ${y} saldo`)],
    },
    {
      organizationFiscalCode: EC,
      iupd: `DEMO-REMOTE-TPL-${y}-BNCLRA`,
      debtor,
      companyName: 'Comune di Test',
      status: 'VALID',
      options: [
        option(
          '0000000000002',
          18000,
          'Abbonamento trasporto scolastico e quota regionale',
          `${next}-02-28`,
          [
            { ec: EC, iban: IBAN, cents: 12000, category: '9/0201102IM/' },
            { ec: EC2, iban: IBAN2, cents: 6000, category: '9/0201103IM/' },
          ],
          false,
          '03',
        ),
      ],
    },
    {
      organizationFiscalCode: EC,
      iupd: `DEMO-REMOTE-CIMITERO-${y}-NREFNC`,
      debtor: neri,
      companyName: 'Comune di Test',
      status: 'VALID',
      payStandIn: true,
      options: [single('03', '0000000000003', 5000, `Lampade votive ${y}`, IBAN_B)],
    },
    {
      organizationFiscalCode: EC,
      iupd: `DEMO-REMOTE-PASSO-${y}-NREFNC`,
      debtor: neri,
      companyName: 'Comune di Test',
      officeName: 'Polizia Locale',
      status: 'VALID',
      options: [single('04', '0000000000001', 3000, `Passo carrabile ${y}`)],
    },
    {
      organizationFiscalCode: EC,
      iupd: `DEMO-REMOTE-AFFISSIONI-${y}-BNCLRA`,
      debtor,
      companyName: 'Comune di Test',
      status: 'VALID',
      options: [single('04', '0000000000002', 7500, `Diritti sulle pubbliche affissioni ${y}`, IBAN_B)],
    },
  ];
}

export async function seedDemoNotices(trx: Sql, now: Date): Promise<NewPosition[]> {
  const positions = demoPositions(now.getUTCFullYear());
  for (const p of positions) await insertPosition(trx, p, now.getTime());
  return positions;
}
