import type { NodoContext } from '../nodo/context';
import { buildNoticeNumber } from '../nodo/noticeNumber';
import { insertPosition } from '../store/archive';

/** The demo creditor institution (Comune di Test) of the demo registry. */
export const DEMO_EC = '66666666666';
export const DEMO_COMPANY = 'Comune di Test';
// segregation code 03: the demo remote station 66666666666_03 on the built-in mock EC, so a demo payment
// crosses real paGetPayment(V2) / paSendRT(V2) calls, all in the journal
const DEMO_SEGREGATION = '03';

/** The description a demo notice gets when the caller gives none: the day it was published. */
export const demoDescription = (now: Date) => `Avviso dimostrativo del ${now.toISOString().slice(0, 10)}`;

/**
 * Publishes a fresh notice in the archive (debtor Mario Rossi, Comune di Test, one transfer), payable at
 * once through the node: what POST /admin/demo-cart puts in a cart and POST /admin/demo-payment pays.
 * Answers its notice number.
 */
export async function publishDemoPosition(ctx: NodoContext, amountCents: number, description: string, now: Date): Promise<string> {
  // 13 digits of the clock in ms, unique enough for an operator's clicks; a collision just takes the next
  for (let bump = 0; ; bump++) {
    const base = String((now.getTime() + bump) % 1e13).padStart(13, '0');
    const noticeNumber = buildNoticeNumber(3, DEMO_SEGREGATION, base);
    const exists = await ctx.db.read.get('SELECT id FROM payment_options WHERE organization_fiscal_code = ? AND notice_number = ?', [DEMO_EC, noticeNumber]);
    if (exists) continue;
    await ctx.db.tx((q) =>
      insertPosition(
        q,
        {
          organizationFiscalCode: DEMO_EC,
          iupd: `DEMO-CART-${noticeNumber}`,
          debtor: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RSSMRA80A01H501U', fullName: 'Mario Rossi', email: 'mario.rossi@example.org' },
          companyName: DEMO_COMPANY,
          officeName: 'Ufficio Tributi',
          status: 'VALID',
          options: [
            {
              noticeNumber,
              iuv: noticeNumber.slice(1),
              amountCents,
              description,
              dueDate: new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
              isPartialPayment: false,
              transfers: [
                {
                  idTransfer: 1,
                  transferAmountCents: amountCents,
                  fiscalCodePA: DEMO_EC,
                  companyName: DEMO_COMPANY,
                  IBAN: 'IT45R0760103200000000001016',
                  remittanceInformation: description,
                  transferCategory: '9/0101101IM/',
                },
              ],
            },
          ],
        },
        now.getTime(),
      ),
    );
    return noticeNumber;
  }
}
