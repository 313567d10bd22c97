import { seedDemoNotices } from '../ec/demoNotices';
import type { Db } from './db';

/**
 * The state tables POST /admin/reset empties, children before their parents (the foreign keys of
 * migrations/: tokens → notices, transfers → options → positions). Everything but the registry tables
 * (store/registry.ts) and knex's own migration bookkeeping.
 */
export const RESET_TABLES = [
  'payment_events',
  'payment_tokens',
  'node_notices',
  'idempotency_cache',
  'journal',
  'receipt_attempts',
  'receipts',
  'cart_notices',
  'carts',
  'outbox_emails',
  'reporting_flow_payments',
  'reporting_flows',
  'option_transfers',
  'payment_options',
  'debt_positions',
] as const;

export type ResetTable = (typeof RESET_TABLES)[number];

export interface ResetResult {
  /** rows deleted, per table */
  cleared: Record<ResetTable, number>;
  /** demo debt positions seeded again into the archive */
  demoPositions: number;
}

/**
 * Back to the freshly seeded state, keeping the registry: every state table emptied and the demo notices
 * seeded again (as main.ts seeds them on a new database), in one transaction, so a concurrent request sees
 * either the old state or the new one, never an empty archive.
 */
export async function resetState(db: Db, now: Date): Promise<ResetResult> {
  return db.tx(async (q) => {
    const cleared = {} as Record<ResetTable, number>;
    for (const table of RESET_TABLES) cleared[table] = await q.run(`DELETE FROM ${table}`);
    const seeded = await seedDemoNotices(q, now);
    return { cleared, demoPositions: seeded.length };
  });
}
