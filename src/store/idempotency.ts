import type { Db } from './db';
import type { IdempotencyRow } from './rows';
import type { Sql } from './sql';

export async function findEntry(q: Sql, idPsp: string, key: string, primitive: string, now: number): Promise<IdempotencyRow | undefined> {
  return q.get<IdempotencyRow>('SELECT * FROM idempotency_cache WHERE id_psp = ? AND idempotency_key = ? AND primitive = ? AND valid_to > ?', [idPsp, key, primitive, now]);
}

/** Insert or replace: an expired key may be reused freely (spec §8.6). */
export async function putEntry(q: Sql, row: IdempotencyRow): Promise<void> {
  await q.run(
    'INSERT INTO idempotency_cache (id_psp, idempotency_key, primitive, request_hash, response_json, token, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (id_psp, idempotency_key, primitive) DO UPDATE SET request_hash = excluded.request_hash, response_json = excluded.response_json, token = excluded.token, valid_to = excluded.valid_to',
    [row.id_psp, row.idempotency_key, row.primitive, row.request_hash, row.response_json, row.token, row.valid_to],
  );
}

/** Outcome or cancellation of a token ends the validity of the activation that created it (IDMP_ACT_10). */
export async function invalidateForToken(q: Sql, token: string, now: number): Promise<void> {
  await q.run('UPDATE idempotency_cache SET valid_to = ? WHERE token = ? AND valid_to > ?', [now, token, now]);
}

export async function deleteExpired(db: Db, now: number): Promise<number> {
  return db.knex('idempotency_cache').where('valid_to', '<=', now).del();
}
