import { formatEuro } from '../nodo/money';
import type { CartNoticeRow, CartRow } from '../store/rows';

/**
 * The e-mail pagoPA sends the payer after a payment attempt, as plain text. No mail server: it goes to
 * the outbox_emails table, which the dashboard shows.
 */
export function receiptEmail(
  cart: CartRow,
  notices: CartNoticeRow[],
  status: 'PAID' | 'FAILED',
  lang: 'it' | 'en',
  now: number,
  tokens: (string | null)[],
): { subject: string; body: string } {
  const amount = (n: CartNoticeRow) => Number(n.node_amount_cents ?? n.amount_cents);
  const total = notices.reduce((s, n) => s + amount(n), 0);
  const when = new Date(now).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const lines = notices.map(
    (n) =>
      `- ${n.company_name}: ${n.description}\n  ${lang === 'it' ? 'Codice avviso' : 'Notice code'} ${n.notice_number} · ${formatEuro(amount(n), lang)}${tokens[n.position] ? ` · ${lang === 'it' ? 'ID transazione' : 'Transaction ID'} ${tokens[n.position]}` : ''}`,
  );
  if (lang === 'en') {
    return status === 'PAID'
      ? {
          subject: `pagoPA receipt: you paid ${formatEuro(total, 'en')}`,
          body: [
            `Hello,`,
            ``,
            `your payment of ${formatEuro(total, 'en')} was successful (${when}).`,
            ``,
            ...lines,
            ``,
            `Cart ${cart.id}`,
            `pagoPA (emulator: no real money moved)`,
          ].join('\n'),
        }
      : {
          subject: 'pagoPA: your payment did not go through',
          body: [
            `Hello,`,
            ``,
            `the payment of ${formatEuro(total, 'en')} was not completed (${when}). Nothing was charged; the notices can be paid again.`,
            ``,
            ...lines,
            ``,
            `Cart ${cart.id}`,
            `pagoPA (emulator)`,
          ].join('\n'),
        };
  }
  return status === 'PAID'
    ? {
        subject: `Ricevuta pagoPA: hai pagato ${formatEuro(total, 'it')}`,
        body: [
          `Ciao,`,
          ``,
          `il pagamento di ${formatEuro(total, 'it')} è andato a buon fine (${when}).`,
          ``,
          ...lines,
          ``,
          `Carrello ${cart.id}`,
          `pagoPA (emulatore: nessun addebito reale)`,
        ].join('\n'),
      }
    : {
        subject: 'pagoPA: il pagamento non è andato a buon fine',
        body: [
          `Ciao,`,
          ``,
          `il pagamento di ${formatEuro(total, 'it')} non è stato completato (${when}). Non è stato addebitato nulla; gli avvisi si possono pagare di nuovo.`,
          ``,
          ...lines,
          ``,
          `Carrello ${cart.id}`,
          `pagoPA (emulatore)`,
        ].join('\n'),
      };
}
