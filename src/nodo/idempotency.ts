import { createHash } from 'node:crypto';
import { findEntry, putEntry } from '../store/idempotency';
import type { Sql } from '../store/sql';
import type { NodoContext } from './context';
import { FAULT_STRINGS, NodoFault, type FaultBean } from './faults';

/**
 * Idempotency as spec §8.6: keyed by (idPSP, idempotencyKey, primitive). A replay with the same payload
 * returns the stored response verbatim; a different payload gives PPT_ERRORE_IDEMPOTENZA. Semantic KOs are
 * cached too; syntax KOs never reach this code (the XSD gate answers first); station failures and system
 * errors are transient and not cached. `useIdempotency=false` switches all of it off.
 */
export type Cached<R> = { outcome: 'OK'; response: R } | { outcome: 'KO'; fault: FaultBean };

export interface IdempotencyScope<R> {
  /** Store the OK response inside the caller's transaction (so a replay can never see half a payment). */
  remember(trx: Sql, response: R, token: string | null, validTo: number): Promise<void>;
  readonly active: boolean;
}

const NOT_CACHED = new Set<string>([
  'PPT_SYSTEM_ERROR',
  'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE',
  'PPT_STAZIONE_INT_PA_TIMEOUT',
  'PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
  'PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO',
  'PPT_ERRORE_IDEMPOTENZA',
]);

export async function withIdempotency<Req extends { idPSP: string; idempotencyKey?: string }, R>(
  ctx: NodoContext,
  primitive: string,
  req: Req,
  run: (scope: IdempotencyScope<R>) => Promise<R>,
): Promise<R> {
  const reg = ctx.registry();
  const key = req.idempotencyKey;
  if (!reg.config.useIdempotency || !key) {
    return run({ active: false, remember: async () => undefined });
  }
  const hash = requestHash(req);
  const now = ctx.clock.now().getTime();
  const hit = await findEntry(ctx.db.read, req.idPSP, key, primitive, now);
  if (hit) {
    if (hit.request_hash !== hash) throw new NodoFault('PPT_ERRORE_IDEMPOTENZA', FAULT_STRINGS.PPT_ERRORE_IDEMPOTENZA);
    const cached = JSON.parse(hit.response_json) as Cached<R>;
    if (cached.outcome === 'OK') return cached.response;
    throw new ReplayedFault(cached.fault);
  }
  const validityMs = reg.config.default_idempotency_key_validity_minutes * 60_000;
  const base = { id_psp: req.idPSP, idempotency_key: key, primitive, request_hash: hash };
  try {
    return await run({
      active: true,
      remember: (trx, response, token, validTo) =>
        putEntry(trx, { ...base, response_json: JSON.stringify({ outcome: 'OK', response } satisfies Cached<R>), token, valid_to: Math.min(validTo, now + validityMs) }),
    });
  } catch (err) {
    if (err instanceof NodoFault && !NOT_CACHED.has(err.code)) {
      await ctx.db.tx((q) =>
        putEntry(q, { ...base, response_json: JSON.stringify({ outcome: 'KO', fault: err.bean } satisfies Cached<R>), token: null, valid_to: now + validityMs }),
      );
    }
    throw err;
  }
}

/** A cached KO replayed verbatim: the router renders `bean` as is. */
export class ReplayedFault extends Error {
  constructor(readonly bean: FaultBean) {
    super(bean.faultCode);
  }
}

/** sha256 over every request field but the key itself: credentials included (IDMP_ACT_15.2). */
function requestHash(req: object): string {
  const { idempotencyKey: _ignored, ...rest } = req as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}
