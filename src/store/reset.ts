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
 * seeded again, in one transaction, so a concurrent request sees either the old state or the new one,
 * never an empty archive. main.ts seeds the demo notices only on a new database with the demo registry and
 * without --no-demo-data; that choice is not stored, so it is read from the archive itself: they are seeded
 * again when it held one (their IUPDs start DEMO-, see ec/demoNotices.ts), and not otherwise.
 */
export async function resetState(db: Db, now: Date): Promise<ResetResult> {
  return db.tx(async (q) => {
    const demo = await q.get<{ n: number | string }>("SELECT COUNT(*) AS n FROM debt_positions WHERE iupd LIKE 'DEMO-%'");
    const cleared = {} as Record<ResetTable, number>;
    for (const table of RESET_TABLES) cleared[table] = await q.run(`DELETE FROM ${table}`);
    const seeded = Number(demo?.n ?? 0) > 0 ? await seedDemoNotices(q, now) : [];
    return { cleared, demoPositions: seeded.length };
  });
}
