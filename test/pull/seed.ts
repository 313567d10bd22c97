import { ARCHIVE_SEGREGATION_CODE } from '../../src/ec/demoNotices';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { insertPosition, type NewPosition } from '../../src/store/archive';
import { openDb } from '../../src/store/db';

/** Test data for the pull views, written straight into the server's database (after it migrated). */
export const DEBTOR_F = 'BNCLCU90A41F205Z';
export const DEBTOR_G = '09876543210';
export const EC = '66666666666';
export const EC2 = '88888888888';

let seq = 0;
/** A NAV on the archive station of a demo EC (aux digit 3): 66666666666_02 on ARCHIVE_SEGREGATION_CODE, 88888888888_01 on 01. */
export const nav = (ec: string, prefix: string) => buildNoticeNumber(3, ec === EC ? ARCHIVE_SEGREGATION_CODE : '01', `${prefix}${String(++seq).padStart(13 - prefix.length, '0')}`);

export function position(
  iupd: string,
  debtor: { type: 'F' | 'G'; value: string; name?: string },
  options: { cents: number; due: string; partial?: boolean; description?: string }[],
  extra: Partial<NewPosition> = {},
): NewPosition {
  const ec = extra.organizationFiscalCode ?? EC;
  return {
    organizationFiscalCode: ec,
    iupd,
    debtor: { entityUniqueIdentifierType: debtor.type, entityUniqueIdentifierValue: debtor.value, fullName: debtor.name ?? 'Lucia Bianchi' },
    companyName: ec === EC ? 'Comune di Test' : 'Regione di Test',
    status: 'VALID',
    ...extra,
    options: options.map((o, i) => {
      const noticeNumber = nav(ec, ec === EC ? '9' : '8');
      return {
        noticeNumber,
        iuv: noticeNumber.slice(1),
        amountCents: o.cents,
        description: o.description ?? `${iupd} option ${i + 1}`,
        dueDate: o.due,
        isPartialPayment: o.partial ?? false,
        transfers: [
          { idTransfer: 1, transferAmountCents: o.cents, fiscalCodePA: ec, IBAN: 'IT45R0760103200000000001016', remittanceInformation: 'test', transferCategory: '9/0101101IM/' },
        ],
      };
    }),
  };
}

export async function seed(url: string, positions: NewPosition[]): Promise<void> {
  const db = await openDb(url);
  try {
    await db.tx(async (q) => {
      for (const p of positions) await insertPosition(q, p, Date.now());
    });
  } finally {
    await db.close();
  }
}

/** DEBTOR_F: 7 listed positions (P1–P7; P6 of EC2; P7 a single payment + a 3-installment plan), P8 not pull, P9 DRAFT; DEBTOR_G: one. */
export const PULL_FIXTURE = [
  ...[1, 2, 3, 4, 5].map((i) => position(`P${i}`, { type: 'F', value: DEBTOR_F }, [{ cents: 1000 * i, due: `2030-01-0${i}` }])),
  position('P6', { type: 'F', value: DEBTOR_F }, [{ cents: 6000, due: '2029-06-30' }], { organizationFiscalCode: EC2 }),
  position('P7', { type: 'F', value: DEBTOR_F }, [
    { cents: 30000, due: '2030-01-31' },
    { cents: 10000, due: '2030-02-28', partial: true },
    { cents: 10000, due: '2030-03-31', partial: true },
    { cents: 10001, due: '2030-04-30', partial: true },
  ]),
  position('P8', { type: 'F', value: DEBTOR_F }, [{ cents: 800, due: '2030-01-01' }], { pull: false }),
  position('P9', { type: 'F', value: DEBTOR_F }, [{ cents: 900, due: '2030-01-01' }], { status: 'DRAFT' }),
  position('G1', { type: 'G', value: DEBTOR_G, name: 'Beta S.p.A.' }, [{ cents: 123456, due: '2030-05-31' }]),
];
