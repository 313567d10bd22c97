import type { OutboxEmailRow } from '../../store/rows';
import { type Iso, iso } from './viewValues';

/** The checkout's e-mail outbox as /admin shows it. */
export interface OutboxEmailView {
  id: number;
  cartId: string;
  to: string;
  subject: string;
  body: string;
  lang: 'it' | 'en';
  createdAt: Iso;
}

export const outboxEmailView = (e: OutboxEmailRow): OutboxEmailView => ({
  id: Number(e.id),
  cartId: e.cart_id,
  to: e.to_address,
  subject: e.subject,
  body: e.body,
  lang: e.lang,
  createdAt: iso(e.created_at),
});
