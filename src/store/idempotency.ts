import type { Knex } from 'knex';
import type { Db } from './db';
import type { IdempotencyRow } from './rows';

export async function findEntry(db: Db, idPsp: string, key: string, primitive: string, now: number): Promise<IdempotencyRow | undefined> {
  return db.knex('idempotency_cache').where({ id_psp: idPsp, idempotency_key: key, primitive }).andWhere('valid_to', '>', now).first();
}

/** Insert or replace: an expired key may be reused freely (spec §8.6). */
export async function putEntry(k: Knex | Knex.Transaction, row: IdempotencyRow): Promise<void> {
  await k('idempotency_cache').insert(row).onConflict(['id_psp', 'idempotency_key', 'primitive']).merge();
}

/** Outcome or cancellation of a token ends the validity of the activation that created it (IDMP_ACT_10). */
export async function invalidateForToken(trx: Knex.Transaction, token: string, now: number): Promise<void> {
  await trx('idempotency_cache').where({ token }).andWhere('valid_to', '>', now).update({ valid_to: now });
}

export async function deleteExpired(db: Db, now: number): Promise<number> {
  return db.knex('idempotency_cache').where('valid_to', '<=', now).del();
}
