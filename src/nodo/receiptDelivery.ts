import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { NodoContext } from './context';
import { markNotified, receiptIndex } from './receipts';
import { receiptXml } from './receiptXml';
import { DEFAULT_TIMEOUTS } from '../ec/stationClient';
import { callStation } from '../ec/outbound';
import { paSendRTOp } from '../soap/operations/paSendRT';
import { paSendRTV2Op } from '../soap/operations/paSendRTV2';
import { StationFailure } from './faults';
import { anyDue, claimDue, claimOne, claimUndelivered, insertAttempt, releaseLeases, settleAttempt, type ClaimedReceipt, type Lease, type Settlement } from '../store/receipts';
import type { ReceiptAttemptRow } from '../store/rows';
import { retryBackoffMs } from './receiptBackoff';
import type { Sql } from '../store/sql';

/**
 * The delivery worker of the receipts outbox (spec §8.7): paSendRT(V2) to remote stations, retried with
 * backoff until the EC answers OK. One per process; state lives in the database only, so any process on
 * the same PostgreSQL may finish what another started, and a killed process loses nothing.
 *
 *   outcome commits → poke() → claim due rows (lease) → POST concurrently → settle in batched transactions
 *
 * The periodic poll (`scheduler.paSendRt.intervalSeconds`) only runs with the jobs; without them, new
 * receipts are still sent at once and retries wait for `POST /admin/jobs/paSendRt/run` (runAll).
 */
export interface ReceiptWorker {
  /** something may be due (a receipt was committed): claim and deliver without waiting for the poll */
  poke(): void;
  /** every undelivered receipt now, backoff ignored, one attempt each; resolves once settled, with the count */
  runAll(): Promise<number>;
  /** one receipt again, even NOTIFIED; 'busy' while another attempt holds it */
  resend(id: number): Promise<'done' | 'busy'>;
  /** on SQLite, first gives back leases a previous run left; then delivers whatever is due */
  start(opts: { poll: boolean }): Promise<void>;
  /** stop claiming; in-flight attempts get `graceMs` to finish, then their leases are given back */
  stop(graceMs?: number): Promise<void>;
}

/** attempts in flight per process (the station client keeps 64 sockets per origin) */
const MAX_IN_FLIGHT = 64;
/** the lease outlasts the station's paSendRT timeout by this much: claim and settle transactions included */
const LEASE_MARGIN_MS = 2000;
const DUPLICATE_CODES = new Set(['PAA_RECEIPT_DUPLICATA', 'PAA_RT_DUPLICATA']);

// one worker per context: the outcome primitive and the admin API find it here without a field on NodoContext
const workers = new WeakMap<NodoContext, ReceiptWorker>();

export function receiptWorker(ctx: NodoContext): ReceiptWorker | undefined {
  return workers.get(ctx);
}

export function pokeReceiptWorker(ctx: NodoContext): void {
  workers.get(ctx)?.poke();
}

interface AttemptResult {
  row: ClaimedReceipt;
  at: number;
  durationMs: number;
  result: ReceiptAttemptRow['result'];
  faultCode: string | null;
  detail: string | null;
  httpStatus: number | null;
  delivered: boolean;
}

export function createReceiptWorker(ctx: NodoContext): ReceiptWorker {
  const pg = ctx.db.engine === 'pg';
  const owner = `${os.hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const inFlight = new Map<number, Promise<void>>();
  /** ids whose lease was given back at shutdown: their late answers are not written */
  const released = new Set<number>();
  let stopped = false;
  let pumping = false;
  let again = false;
  let saturated = false;
  let pollTimer: NodeJS.Timeout | undefined;
  /** claim transactions under way: shutdown waits for them */
  const claiming = new Set<Promise<unknown>>();

  const lease = (now: number): Lease => ({ owner, now, until: now + receiptIndex(ctx.registry()).maxSendRtMs + LEASE_MARGIN_MS });

  /** A claim transaction; rows claimed while stopping are given straight back. */
  const claim = (take: (now: number) => Promise<ClaimedReceipt[]>): Promise<ClaimedReceipt[]> => {
    const p = (async () => {
      const rows = await take(ctx.clock.now().getTime());
      if (stopped && rows.length) {
        await ctx.db.tx((q) =>
          releaseLeases(
            q,
            ctx.clock.now().getTime(),
            owner,
            rows.map((r) => Number(r.id)),
          ),
        );
        return [];
      }
      return rows;
    })();
    claiming.add(p);
    return p.finally(() => claiming.delete(p));
  };

  const pump = async () => {
    try {
      do {
        again = false;
        for (;;) {
          if (stopped) return;
          const room = MAX_IN_FLIGHT - inFlight.size;
          if (room <= 0) {
            saturated = true;
            break;
          }
          if (!(await anyDue(ctx.db.read, ctx.clock.now().getTime()))) break;
          const rows = await claim((now) => ctx.db.tx((q) => claimDue(q, pg, lease(now), room)));
          for (const r of rows) void launch(r);
          if (rows.length < room) break;
        }
      } while (again);
    } catch (err) {
      ctx.log.error('receipt delivery: claim failed', { error: (err as Error).message });
    } finally {
      pumping = false;
    }
  };

  const poke = () => {
    if (stopped) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    setImmediate(() => void pump());
  };

  const launch = (row: ClaimedReceipt): Promise<void> => {
    const id = Number(row.id);
    const p = attempt(row)
      .then(settle)
      .catch((err) => ctx.log.error('receipt delivery failed', { receipt: id, error: (err as Error).message }))
      .finally(() => {
        inFlight.delete(id);
        if (saturated) {
          saturated = false;
          poke();
        }
      });
    inFlight.set(id, p);
    return p;
  };

  const attempt = async (row: ClaimedReceipt): Promise<AttemptResult> => {
    const at = ctx.clock.now().getTime();
    const started = process.hrtime.bigint();
    const base = { row, at, httpStatus: null as number | null };
    const ms = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const station = receiptIndex(ctx.registry()).stations.get(row.station_code);
    if (!station) {
      return {
        ...base,
        durationMs: 0,
        result: 'FAILURE',
        faultCode: 'PPT_STAZIONE_INT_PA_SCONOSCIUTA',
        detail: `station ${row.station_code} is not in the registry`,
        delivered: false,
      };
    }
    // a GPD-hosted EC (archive, synthetic): the stored receipt is the delivery
    if (station.backend.type !== 'remote') return { ...base, durationMs: 0, result: 'OK', faultCode: null, detail: `stored: ${station.backend.type} station`, delivered: true };
    if (!station.backend.url) {
      return {
        ...base,
        durationMs: 0,
        result: 'FAILURE',
        faultCode: 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE',
        detail: `station ${row.station_code} has no endpoint`,
        delivered: false,
      };
    }
    const res = await callStation(ctx, {
      op: row.primitive === 'paSendRTV2' ? paSendRTV2Op : paSendRTOp,
      url: station.backend.url,
      stationCode: row.station_code,
      timeoutMs: station.backend.timeouts?.sendRtMs ?? DEFAULT_TIMEOUTS.sendRtMs,
      // written in the payment's transaction (receipts.ts), or rendered for a row enqueued while the station
      // was GPD-hosted (receiptXml.ts); the row's columns are its journal keys
      request: { xml: await receiptXml(ctx.db.read, ctx.registry(), row), keys: { fiscalCode: row.recipient_fiscal_code, noticeNumber: row.notice_number, token: row.token } },
      // a KO is an answer too: the EC's code decides whether to retry
      check: (a) => a,
    });
    if (!res.ok) {
      const code = res.failure instanceof StationFailure ? res.failure.code : res.failure.faultCode;
      return {
        ...base,
        durationMs: ms(),
        httpStatus: res.exchange.httpStatus,
        result: 'FAILURE',
        faultCode: code,
        detail: res.failure instanceof StationFailure ? res.failure.detail : res.failure.message,
        delivered: false,
      };
    }
    const a = res.value;
    if (a.outcome === 'OK') return { ...base, durationMs: ms(), httpStatus: res.exchange.httpStatus, result: 'OK', faultCode: null, detail: null, delivered: true };
    const code = a.fault.faultCode || null;
    const detail = code ? [a.fault.faultString, a.fault.description].filter((s) => s !== undefined).join(' - ') : 'KO without fault';
    // spec §11.3: the EC already holds this receipt; retrying would never end
    const duplicate = code !== null && DUPLICATE_CODES.has(code) && String(ctx.registry().config['receipts.duplicateMeansDelivered']) !== 'false';
    return { ...base, durationMs: ms(), httpStatus: res.exchange.httpStatus, result: 'KO', faultCode: code, detail, delivered: duplicate };
  };

  // ---- settling: results of concurrent attempts are written together, one transaction per batch ----
  let pending: { r: AttemptResult; done: () => void; fail: (e: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;
  const settle = (r: AttemptResult): Promise<void> =>
    new Promise((done, fail) => {
      pending.push({ r, done, fail });
      flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush);
    });
  const flush = async () => {
    while (pending.length) {
      const batch = pending.filter((p) => !released.has(Number(p.r.row.id)));
      pending.filter((p) => released.has(Number(p.r.row.id))).forEach((p) => p.done());
      pending = [];
      try {
        const now = ctx.clock.now().getTime();
        await ctx.db.tx(async (q) => {
          for (const { r } of batch) await write(q, r, now);
        });
        batch.forEach((p) => p.done());
      } catch (err) {
        // the leases expire and the rows are taken again: nothing is lost, at worst sent twice
        batch.forEach((p) => p.fail(err));
      }
    }
    flushing = undefined;
  };
  const write = async (q: Sql, r: AttemptResult, now: number) => {
    const id = Number(r.row.id);
    const attemptNo = Number(r.row.attempts);
    await insertAttempt(q, {
      receipt_id: id,
      attempt: attemptNo,
      at: r.at,
      duration_ms: r.durationMs,
      worker: owner,
      result: r.result,
      fault_code: r.faultCode,
      detail: r.detail?.slice(0, 2000) ?? null,
      http_status: r.httpStatus,
    });
    const s: Settlement = r.delivered
      ? { id, owner, attempt: attemptNo, status: 'NOTIFIED', nextAttemptAt: null, lastError: null, at: now }
      : {
          id,
          owner,
          attempt: attemptNo,
          status: 'NOTICE_PENDING',
          nextAttemptAt: now + backoffMs(attemptNo),
          lastError: `${r.faultCode ?? r.result}: ${r.detail ?? ''}`.slice(0, 2000),
          at: now,
        };
    const held = await settleAttempt(q, s);
    if (!held) ctx.log.warn('receipt delivery: lease lost before the answer was written', { receipt: id, attempt: attemptNo });
    // the EC has it, whoever holds the row now: the notice is NOTIFIED (compare-and-set, so once)
    if (r.delivered && (r.row.is_primary === true || Number(r.row.is_primary) === 1)) await markNotified(q, r.row.token, Number(r.row.notice_id), now);
  };

  /** `receipts.retryBackoffSeconds`: wait after the n-th failed attempt (receiptBackoff.ts). */
  const backoffMs = (attemptNo: number): number => retryBackoffMs(ctx.registry().config['receipts.retryBackoffSeconds'], attemptNo);

  // a zero, negative or unreadable interval would spin: fall back to the default second
  const pollMs = () => {
    const s = Number(ctx.registry().config['scheduler.paSendRt.intervalSeconds']);
    return Number.isFinite(s) && s > 0 ? s * 1000 : 1000;
  };

  const runAll = async (): Promise<number> => {
    let afterId = 0;
    let count = 0;
    const mine: Promise<void>[] = [];
    while (!stopped) {
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight.values());
      const room = MAX_IN_FLIGHT - inFlight.size;
      const rows = await claim((now) => ctx.db.tx((q) => claimUndelivered(q, pg, lease(now), afterId, room)));
      if (!rows.length) break;
      for (const r of rows) {
        afterId = Math.max(afterId, Number(r.id));
        mine.push(launch(r));
      }
      count += rows.length;
    }
    await Promise.all(mine);
    return count;
  };

  const resend = async (id: number): Promise<'done' | 'busy'> => {
    const row = await claim((now) => ctx.db.tx((q) => claimOne(q, pg, lease(now), id)).then((r) => (r ? [r] : [])));
    if (!row.length) return 'busy';
    await launch(row[0]!);
    return 'done';
  };

  const worker: ReceiptWorker = {
    poke,
    runAll,
    resend,
    async start({ poll }) {
      if (!pg) {
        const n = await ctx.db.tx((q) => releaseLeases(q, ctx.clock.now().getTime()));
        if (n) ctx.log.info('receipts: leases of a previous run given back', { receipts: n });
      }
      if (poll) {
        const arm = () => {
          if (stopped) return;
          pollTimer = setTimeout(() => {
            poke();
            arm();
          }, pollMs()).unref();
        };
        arm();
      }
      poke();
    },
    async stop(graceMs = 2500) {
      stopped = true;
      clearTimeout(pollTimer);
      await Promise.allSettled(claiming);
      if (inFlight.size) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled(inFlight.values()), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
      }
      if (inFlight.size) {
        const ids = [...inFlight.keys()];
        ids.forEach((id) => released.add(id));
        await ctx.db
          .tx((q) => releaseLeases(q, ctx.clock.now().getTime(), owner, ids))
          .catch((err) => ctx.log.error('receipts: releasing leases failed', { error: (err as Error).message }));
      }
      await flushing;
    },
  };
  workers.set(ctx, worker);
  return worker;
}
