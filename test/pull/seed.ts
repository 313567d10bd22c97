import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { insertPosition, type NewPosition } from '../../src/store/archive';
import { openDb } from '../../src/store/db';

/** Test data for the pull views, written straight into the server's database (after it migrated). */
export const DEBTOR_F = 'BNCLCU90A41F205Z';
export const DEBTOR_G = '09876543210';
export const EC = '66666666666';
export const EC2 = '88888888888';

let seq = 0;
/** A NAV on the archive stations (aux digit 3, segregation code 01) of both demo ECs. */
export const nav = (prefix: string) => buildNoticeNumber(3, '01', `${prefix}${String(++seq).padStart(13 - prefix.length, '0')}`);

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
      const noticeNumber = nav(ec === EC ? '9' : '8');
      return {
        noticeNumber,
        iuv: noticeNumber.slice(1),
        amountCents: o.cents,
        description: o.description ?? `${iupd} option ${i + 1}`,
        dueDate: o.due,
        isPartialPayment: o.partial ?? false,
        transfers: [{ idTransfer: 1, transferAmountCents: o.cents, fiscalCodePA: ec, IBAN: 'IT45R0760103200000000001016', remittanceInformation: 'test', transferCategory: '9/0101101IM/' }],
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
