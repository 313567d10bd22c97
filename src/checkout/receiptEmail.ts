import { formatEuro } from '../nodo/money';
import type { CartNoticeRow, CartRow } from '../store/rows';

/** The method the payer chose, as the page showed it: its name and its fee. */
export interface EmailFee {
  method: string;
  cents: number;
}

/** Every word of the e-mail, in Italian and English. */
const TEXT = {
  it: {
    hello: 'Ciao,',
    noticeCode: 'Codice avviso',
    transaction: 'ID transazione',
    amount: 'Importo',
    fee: (method: string) => `Commissione (${method})`,
    paidTotal: 'Totale pagato',
    notCharged: 'Totale (non addebitato)',
    cart: 'Carrello',
    paidSubject: (total: string) => `Ricevuta pagoPA: hai pagato ${total}`,
    paidText: (total: string, when: string) => `il pagamento di ${total} è andato a buon fine (${when}).`,
    paidFooter: 'pagoPA (emulatore: nessun addebito reale)',
    failedSubject: 'pagoPA: il pagamento non è andato a buon fine',
    failedText: (total: string, when: string) => `il pagamento di ${total} non è stato completato (${when}). Non è stato addebitato nulla; gli avvisi si possono pagare di nuovo.`,
    failedFooter: 'pagoPA (emulatore)',
  },
  en: {
    hello: 'Hello,',
    noticeCode: 'Notice code',
    transaction: 'Transaction ID',
    amount: 'Amount',
    fee: (method: string) => `Fee (${method})`,
    paidTotal: 'Total paid',
    notCharged: 'Total (not charged)',
    cart: 'Cart',
    paidSubject: (total: string) => `pagoPA receipt: you paid ${total}`,
    paidText: (total: string, when: string) => `your payment of ${total} was successful (${when}).`,
    paidFooter: 'pagoPA (emulator: no real money moved)',
    failedSubject: 'pagoPA: your payment did not go through',
    failedText: (total: string, when: string) => `the payment of ${total} was not completed (${when}). Nothing was charged; the notices can be paid again.`,
    failedFooter: 'pagoPA (emulator)',
  },
} as const;

/**
 * The e-mail pagoPA sends the payer after a payment attempt, as plain text. No mail server: it goes to
 * the outbox_emails table, which the dashboard shows. It states what the page did: the notices' amount,
 * the chosen method's fee on top, and the total that the Pay button showed.
 */
export function receiptEmail(
  cart: CartRow,
  notices: CartNoticeRow[],
  status: 'PAID' | 'FAILED',
  lang: 'it' | 'en',
  now: number,
  tokens: (string | null)[],
  fee: EmailFee,
): { subject: string; body: string } {
  const t = TEXT[lang];
  const euro = (cents: number) => formatEuro(cents, lang);
  const amount = (n: CartNoticeRow) => Number(n.node_amount_cents ?? n.amount_cents);
  const sum = notices.reduce((s, n) => s + amount(n), 0);
  const total = euro(sum + fee.cents);
  const when = new Date(now).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const lines = notices.map(
    (n) =>
      `- ${n.company_name}: ${n.description}\n  ${t.noticeCode} ${n.notice_number} · ${euro(amount(n))}${tokens[n.position] ? ` · ${t.transaction} ${tokens[n.position]}` : ''}`,
  );
  const paid = status === 'PAID';
  const money = [`${t.amount}: ${euro(sum)}`, `${t.fee(fee.method)}: ${euro(fee.cents)}`, `${paid ? t.paidTotal : t.notCharged}: ${total}`];
  return {
    subject: paid ? t.paidSubject(total) : t.failedSubject,
    body: [
      t.hello,
      '',
      paid ? t.paidText(total, when) : t.failedText(total, when),
      '',
      ...lines,
      '',
      ...money,
      '',
      `${t.cart} ${cart.id}`,
      paid ? t.paidFooter : t.failedFooter,
    ].join('\n'),
  };
}
