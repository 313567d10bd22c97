import type { NodoContext } from './context';
import { receiptWorker } from './receiptDelivery';
import { transition } from './stateMachine';
import { appendEvent, casNotice, casToken, expiredPayingTokens } from '../store/payments';
import { deleteExpired, invalidateForToken } from '../store/idempotency';
import { refreshTimedStatuses } from '../store/positions';
import { generateReportingFlows } from './reporting/generateFlows';
import { romeDate, romeTime } from './reporting/romeDay';
import { pruneJournal, retentionText } from '../store/journalRetention';

export interface JobResult {
  job: string;
  processed: number;
}

/**
 * mod3CancelV2 (spec §8.3): cancels PAYING tokens past their expiry and frees their notices. Each token
 * is its own compare-and-set transaction, so two processes sweeping together never cancel twice, and an
 * outcome that lands first simply wins.
 */
export async function mod3CancelV2(ctx: NodoContext): Promise<JobResult> {
  let processed = 0;
  for (;;) {
    const now = ctx.clock.now();
    const batch = await expiredPayingTokens(ctx.db, now.getTime(), 500);
    let changed = 0;
    for (const t of batch) {
      const done = await ctx.db.tx(async (trx) => {
        const tr = transition('SWEEP', 'PAYING', 'PAYING', now);
        if (!(await casToken(trx, t.token, tr))) return false;
        await casNotice(trx, t.notice_id, tr, null, t.token);
        await appendEvent(trx, t.notice_id, t.token, tr);
        await invalidateForToken(trx, t.token, tr.at);
        return true;
      });
      if (done) changed++;
    }
    processed += changed;
    if (batch.length < 500 || changed === 0) return { job: 'mod3CancelV2', processed };
  }
}

/** idempotencyCacheClean: drops entries past their validity. */
export async function idempotencyCacheClean(ctx: NodoContext): Promise<JobResult> {
  return { job: 'idempotencyCacheClean', processed: await deleteExpired(ctx.db, ctx.clock.now().getTime()) };
}

/**
 * expirePositions (GPD's schedulers): PUBLISHED positions whose validity date has come become VALID, and
 * switchToExpired positions past every due date become EXPIRED, so that the node's archive backend answers
 * PAA_PAGAMENTO_SCADUTO. The EC-facing APIs apply the same rule lazily before they read.
 */
export async function expirePositions(ctx: NodoContext): Promise<JobResult> {
  const now = ctx.clock.now();
  const processed = await ctx.db.tx((q) => refreshTimedStatuses(q, now.getTime(), now.toISOString().slice(0, 10)));
  return { job: 'expirePositions', processed };
}

/**
 * paSendRt (the node's receipt retry job, spec §8.2 PSRT_2x): every receipt not yet NOTIFIED gets one
 * attempt now, whatever its backoff; answers once they are settled. The worker's own poll (receiptDelivery.ts)
 * only takes receipts whose retry time has come.
 */
export async function paSendRt(ctx: NodoContext): Promise<JobResult> {
  return { job: 'paSendRt', processed: (await receiptWorker(ctx)?.runAll()) ?? 0 };
}

export interface JournalRetentionResult extends JobResult {
  job: 'journalRetention';
  /** the retention applied, as --journal-retention reads it (`7d`, `100000rows`, `0`) */
  retention: string;
  batches: number;
  longestBatchUs: number;
  reclaimedBytes: number;
}

/**
 * journalRetention (issue 16): deletes the journal rows beyond --journal-retention, older than it on the
 * injected clock or beyond the newest N rows, in short batches (store/journalRetention.ts). Only the
 * journal: payments, receipts and flows stay whatever their age.
 */
export async function journalRetention(ctx: NodoContext): Promise<JournalRetentionResult> {
  // exchanges still in the writer's batch are written first, so the bound applies to every row answered so far
  await ctx.journal.flush();
  const r = await pruneJournal(ctx.db, ctx.journalRetention, ctx.clock.now().getTime());
  return {
    job: 'journalRetention',
    processed: r.deleted,
    retention: retentionText(ctx.journalRetention),
    batches: r.batches,
    longestBatchUs: r.longestBatchUs,
    reclaimedBytes: r.reclaimedBytes,
  };
}

export const JOBS: Record<string, (ctx: NodoContext) => Promise<JobResult>> = {
  mod3CancelV2,
  idempotencyCacheClean,
  journalRetention,
  expirePositions,
  paSendRt,
  // yesterday's flows (POST /admin/jobs/generateReportingFlows/run also takes a day: rest/adminReporting.ts)
  generateReportingFlows: (ctx) => generateReportingFlows(ctx),
};

/**
 * The generator's daily run (configuration `scheduler.generateReportingFlows.dailyAt`, HH:mm Europe/Rome,
 * off when empty): checked every minute on the injected clock, so moving the clock a day triggers it too.
 * It runs at most once per Rome day per process; flows already generated are skipped, so processes sharing
 * a database, or a restart, never duplicate a flow.
 */
function dailyReportingFlows(ctx: NodoContext, timers: Map<string, NodeJS.Timeout>, stopped: () => boolean): void {
  let lastDay = '';
  const tick = () => {
    const at = String(ctx.registry().config['scheduler.generateReportingFlows.dailyAt'] ?? '');
    const now = ctx.clock.now().getTime();
    const today = romeDate(now);
    const due = /^\d{2}:\d{2}$/.test(at) && romeTime(now) >= at && lastDay !== today;
    const run = due
      ? generateReportingFlows(ctx).then((r) => {
          lastDay = today;
          if (r.processed) ctx.log.info('job generateReportingFlows', { date: r.date, flows: r.processed });
        })
      : Promise.resolve();
    run
      .catch((err) => ctx.log.error('job generateReportingFlows failed', { error: (err as Error).message }))
      .finally(() => {
        if (!stopped()) timers.set('generateReportingFlows', setTimeout(tick, 60_000).unref());
      });
  };
  timers.set('generateReportingFlows', setTimeout(tick, 60_000).unref());
}

const JOURNAL_RETENTION_EVERY_SECONDS = 300;

/** Runs the jobs on the intervals the registry configures; returns a stop function. */
export function scheduleJobs(ctx: NodoContext): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  const every = (name: string, seconds: () => number) => {
    const arm = () => {
      if (!stopped) timers.set(name, setTimeout(tick, seconds() * 1000).unref());
    };
    const tick = () => {
      JOBS[name](ctx)
        .then((r) => r.processed && ctx.log.debug(`job ${name}`, r))
        .catch((err) => ctx.log.error(`job ${name} failed`, { error: (err as Error).message }))
        .finally(arm);
    };
    arm();
  };
  every('mod3CancelV2', () => ctx.registry().config['scheduler.mod3CancelV2.intervalSeconds']);
  every('idempotencyCacheClean', () => ctx.registry().config['scheduler.idempotencyCacheClean.intervalSeconds']);
  // not a node ConfigurationKey: GPD runs its expiry scheduler about once a minute
  every('expirePositions', () => 60);
  // not a node ConfigurationKey either: often enough that a day's journal goes in many small passes
  every('journalRetention', () => JOURNAL_RETENTION_EVERY_SECONDS);
  dailyReportingFlows(ctx, timers, () => stopped);
  return () => {
    stopped = true;
    timers.forEach((t) => clearTimeout(t));
  };
}
