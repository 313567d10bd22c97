import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../log';
import type { NodoContext } from '../../nodo/context';
import { flowXml } from '../../nodo/reporting/flowXml';
import { markReported } from '../../store/gpdReporting';
import * as flows from '../../store/reportingFlows';
import { subscriptionKeyOf, unauthorized } from '../ecAuth';
import { writeProblem } from '../problems';
import { bindLong, parseBody, parseInstant, lengthPattern, Violations } from './fdrBinding';
import { FdrError, fdrErrorMiddleware, writeFdrError } from './fdrErrors';
import { journalFdr } from './fdrJournal';
import { javaInstant, sendFdrJson } from './fdrJson';
import { bindAdd, bindCreate, bindDelete } from './pspRequests';
import { checkBrokerAndChannel, checkEc, checkFlowName, checkPsp } from './pspChecks';
import { createdItemView, pageView, paymentView, publishedItemView, singleFlowView } from './pspViews';

/** Where the PSPs' FdR REST API lives (fdr_psp.json servers[0]). */
export const FDR_PSP_BASE = '/fdr-psp/service/v1';

/**
 * FdR 3 for PSPs (spec reporting.md §3): create a flow, add and delete its payments, publish it, delete a
 * draft, and read drafts and publications. Each handler runs FDR's checks in the order of §3.2, first
 * failure wins, and every write happens in one transaction, so nothing half-written survives a refusal.
 * Money is integer cents from the binding on (sums compared exactly, i.e. at 2 decimals).
 */
export function pspRouter(ctx: NodoContext, log: Logger): express.Router {
  const r = express.Router();
  const now = () => ctx.clock.now().getTime();
  const trx = <T>(fn: (t: import('knex').Knex.Transaction) => Promise<T>) => ctx.db.knex.transaction(fn);

  r.use(journalFdr(ctx, 'fdr-psp'));
  r.use('/psps/:pspId', pspKeyGuard(ctx));
  // FDR reads the body itself: a body that is not JSON is FDR-1005, not express's own error
  r.use(express.text({ type: () => true, limit: '16mb' }));

  r.post('/psps/:pspId/fdrs/:fdr', async (req, res) => {
    const { pspId, fdr } = params(req);
    const body = parseBody(req.body);
    const reg = ctx.registry();
    const c = bindCreate(body, fdr);
    checkPsp(reg, pspId);
    checkBrokerAndChannel(reg, pspId, c.header.sender);
    checkEc(reg, c.header.receiver.organizationId);
    checkFlowName(c.fdr, pspId);
    if (c.header.sender.pspId !== pspId) throw new FdrError('FDR-3004', [c.fdr, pspId, c.header.sender.pspId]);
    if (c.fdr !== fdr) throw new FdrError('FDR-3010', [c.fdr, fdr]);
    try {
      await trx(async (t) => {
        const draft = await flows.findDraft(t, pspId, fdr);
        if (draft) throw new FdrError('FDR-3002', [fdr, draft.status]);
        const last = await flows.latestPublished(t, pspId, fdr);
        if (last && c.fdrDate <= last.fdrDate) throw new FdrError('FDR-3011', [fdr, javaInstant(c.fdrDate), javaInstant(last.fdrDate)]);
        await flows.createDraft(
          t,
          {
            pspId,
            name: fdr,
            orgId: c.header.receiver.organizationId,
            fdrDate: c.fdrDate,
            fdrDateText: String((body as { fdrDate: unknown }).fdrDate),
            header: c.header,
            origin: 'REST',
          },
          now(),
        );
      });
    } catch (e) {
      // another process created the draft between our look and our insert: the unique index said no
      if (!flows.isUniqueViolation(e)) throw e;
      const draft = await flows.findDraft(ctx.db.knex, pspId, fdr);
      throw new FdrError('FDR-3002', [fdr, draft?.status ?? 'CREATED']);
    }
    sendFdrJson(res, 201, { message: `Fdr [${fdr}] saved` });
  });

  r.put('/psps/:pspId/fdrs/:fdr/payments/add', async (req, res) => {
    const { pspId, fdr } = params(req);
    const payments = bindAdd(parseBody(req.body));
    checkPsp(ctx.registry(), pspId);
    checkFlowName(fdr, pspId);
    const indexes = payments.map((p) => p.index);
    if (new Set(indexes).size !== indexes.length) throw new FdrError('FDR-3005', [fdr]);
    try {
      await trx(async (t) => {
        const draft = await flows.lockDraft(t, pspId, fdr);
        if (!draft) throw new FdrError('FDR-3001', [fdr]);
        const taken = await flows.existingIndexes(t, draft.id, indexes);
        if (taken.length) throw new FdrError('FDR-3006', [fdr], { path: `[${taken.join(', ')}]` });
        await flows.addPayments(t, draft, payments, now());
      });
    } catch (e) {
      if (!flows.isUniqueViolation(e)) throw e;
      throw new FdrError('FDR-3006', [fdr], { path: `[${indexes.join(', ')}]` });
    }
    sendFdrJson(res, 200, { message: `Fdr [${fdr}] payment added` });
  });

  r.put('/psps/:pspId/fdrs/:fdr/payments/del', async (req, res) => {
    const { pspId, fdr } = params(req);
    const indexes = bindDelete(parseBody(req.body));
    checkPsp(ctx.registry(), pspId);
    checkFlowName(fdr, pspId);
    if (new Set(indexes).size !== indexes.length) throw new FdrError('FDR-3005', [fdr]);
    await trx(async (t) => {
      const draft = await flows.lockDraft(t, pspId, fdr);
      if (!draft) throw new FdrError('FDR-3001', [fdr]);
      if (draft.status !== 'INSERTED') throw new FdrError('FDR-3003', [fdr, draft.status]);
      if ((await flows.existingIndexes(t, draft.id, indexes)).length !== indexes.length) throw new FdrError('FDR-3007', [fdr]);
      await flows.deletePayments(t, draft, indexes, now());
    });
    sendFdrJson(res, 200, { message: `Fdr [${fdr}] payment deleted` });
  });

  r.post('/psps/:pspId/fdrs/:fdr/publish', async (req, res) => {
    const { pspId, fdr } = params(req);
    checkPsp(ctx.registry(), pspId);
    checkFlowName(fdr, pspId);
    await trx(async (t) => {
      const draft = await flows.lockDraft(t, pspId, fdr);
      if (!draft) throw new FdrError('FDR-3001', [fdr]);
      if (draft.status !== 'INSERTED') throw new FdrError('FDR-3003', [fdr, draft.status]);
      const h = draft.header;
      if (draft.computedTot !== h.totPayments) throw new FdrError('FDR-4001', [fdr, h.totPayments, draft.computedTot]);
      if (draft.computedSumCents !== h.sumPaymentsCents) throw new FdrError('FDR-4002', [fdr, euro(h.sumPaymentsCents), euro(draft.computedSumCents)]);
      const payments = await flows.allPayments(t, draft.id);
      // the XML is built now, so SOAP reads (nodoChiediFlussoRendicontazione) serve exactly this revision
      await flows.publish(t, draft, flowXml({ name: fdr, fdrDate: draft.fdrDate, header: h, payments }), now());
      // GPD marks the archive's transfers reported, as GPD's reporting sync does for every published flow (spec §8)
      await markReported(t, draft.orgId, payments, now());
    });
    sendFdrJson(res, 200, { message: `Fdr [${fdr}] published` });
  });

  r.delete('/psps/:pspId/fdrs/:fdr', async (req, res) => {
    const { pspId, fdr } = params(req);
    checkPsp(ctx.registry(), pspId);
    checkFlowName(fdr, pspId);
    await trx(async (t) => {
      const draft = await flows.lockDraft(t, pspId, fdr);
      if (!draft) throw new FdrError('FDR-3001', [fdr]);
      await flows.deleteDraft(t, draft);
    });
    sendFdrJson(res, 200, { message: `Fdr [${fdr}] deleted` });
  });

  r.get('/psps/:pspId/created', async (req, res) => {
    const { pspId } = params(req);
    const q = new QueryParams(req, 'getAllFlowsNotInPublishedStatus');
    const createdGt = q.instant('createdGt');
    const { page, size } = q.paging();
    checkPsp(ctx.registry(), pspId);
    sendFdrJson(res, 200, pageView(await flows.listDrafts(ctx.db.knex, pspId, createdGt, page, size), page, size, createdItemView));
  });

  r.get('/psps/:pspId/created/fdrs/:fdr/organizations/:organizationId', async (req, res) => {
    const draft = await readDraft(ctx, req);
    sendFdrJson(res, 200, singleFlowView(draft));
  });

  r.get('/psps/:pspId/created/fdrs/:fdr/organizations/:organizationId/payments', async (req, res) => {
    const { page, size } = new QueryParams(req, 'getPaymentsForFlowNotInPublishedStatus').paging();
    const draft = await readDraft(ctx, req);
    sendFdrJson(res, 200, pageView(await flows.listPayments(ctx.db.knex, draft.id, page, size), page, size, paymentView));
  });

  r.get('/psps/:pspId/published', async (req, res) => {
    const { pspId } = params(req);
    const q = new QueryParams(req, 'getAllFlowsInPublishedStatus');
    const organizationId = q.id('organizationId');
    const publishedGt = q.instant('publishedGt');
    const { page, size } = q.paging();
    checkPsp(ctx.registry(), pspId);
    if (organizationId !== undefined) checkEc(ctx.registry(), organizationId);
    sendFdrJson(res, 200, pageView(await flows.listPublishedByPsp(ctx.db.knex, pspId, organizationId, publishedGt, page, size), page, size, publishedItemView));
  });

  r.get('/psps/:pspId/published/fdrs/:fdr/revisions/:revision/organizations/:organizationId', async (req, res) => {
    sendFdrJson(res, 200, singleFlowView(await readPublished(ctx, req, 'getSingleFlowInPublishedStatus')));
  });

  r.get('/psps/:pspId/published/fdrs/:fdr/revisions/:revision/organizations/:organizationId/payments', async (req, res) => {
    const { page, size } = new QueryParams(req, 'getPaymentsForFlowInPublishedStatus').paging();
    const flow = await readPublished(ctx, req, 'getPaymentsForFlowInPublishedStatus');
    sendFdrJson(res, 200, pageView(await flows.listPayments(ctx.db.knex, flow.id, page, size), page, size, paymentView));
  });

  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    // a body over the cap is not a JSON request FDR can read
    if ((err as { type?: string })?.type === 'entity.too.large') return writeFdrError(res, new FdrError('FDR-1005'));
    next(err);
  });
  r.use(fdrErrorMiddleware(log));
  return r;
}

const params = (req: Request) => req.params as Record<string, string>;
const euro = (cents: number) => (cents / 100).toFixed(2);

/** Reads, step by step (§3.2.6): PSP → EC of the path → name → the draft of that EC (3001). */
async function readDraft(ctx: NodoContext, req: Request): Promise<flows.Flow> {
  const { pspId, fdr, organizationId } = params(req);
  checkPsp(ctx.registry(), pspId);
  checkEc(ctx.registry(), organizationId!);
  checkFlowName(fdr!, pspId!);
  const draft = await flows.findDraft(ctx.db.knex, pspId!, fdr!);
  if (!draft || draft.orgId !== organizationId) throw new FdrError('FDR-3001', [fdr!]);
  return draft;
}

async function readPublished(ctx: NodoContext, req: Request, method: string): Promise<flows.Flow> {
  const { pspId, fdr, organizationId, revision: rawRevision } = params(req);
  const revision = bindLong(rawRevision, 'revision')!;
  const v = new Violations(method);
  v.min('revision', revision, 1);
  v.throwIfAny();
  checkPsp(ctx.registry(), pspId!);
  checkEc(ctx.registry(), organizationId!);
  checkFlowName(fdr!, pspId!);
  const flow = await flows.findPublished(ctx.db.knex, pspId!, fdr!, revision);
  if (!flow || flow.orgId !== organizationId) throw new FdrError('FDR-3001', [fdr!]);
  return flow;
}

/** Query parameters as FDR's controller binds them: page/size ≥ 1 (defaults 1 and 1000), instants, ids. */
class QueryParams {
  private readonly v: Violations;
  constructor(
    private readonly req: Request,
    method: string,
  ) {
    this.v = new Violations(method);
  }

  private raw(name: string): string | undefined {
    const x = this.req.query[name];
    return typeof x === 'string' ? x : Array.isArray(x) ? String(x[0]) : undefined;
  }

  /** An unreadable instant is FDR-1002 (spec §12: a bare JAX-RS 404 upstream, unverified). */
  instant(name: string): number | undefined {
    const s = this.raw(name);
    if (s === undefined || s === '') return undefined;
    // a `+01:00` offset left unencoded in a query string arrives as a space
    const ms = parseInstant(s.replace(' ', '+'));
    if (ms === undefined) throw new FdrError('FDR-1002', [name, s]);
    return ms;
  }

  id(name: string): string | undefined {
    const s = this.raw(name);
    if (s === undefined) return undefined;
    this.v.pattern(name, s, ...lengthPattern(1, 35));
    this.v.throwIfAny();
    return s;
  }

  paging(): { page: number; size: number } {
    const num = (name: string, field: string, def: number) => {
      const s = this.raw(name);
      if (s === undefined || s === '') return def;
      if (!/^-?\d{1,10}$/.test(s) || Number(s) > 2_147_483_647) throw new FdrError('FDR-1001', [name, s]);
      const n = Number(s);
      this.v.min(field, n, 1);
      return n;
    };
    const page = num('page', 'pageNumber', 1);
    const size = num('size', 'pageSize', 1000);
    this.v.throwIfAny();
    return { page, size };
  }
}

/**
 * The APIM gateway in front of FDR: a missing or unknown key is its 401 (the same problem JSON as every REST
 * API of the emulator); a key of another subject is 403. A PSP key may act for its own PSP only; a path PSP
 * the registry does not know at all is let through, so that FDR itself answers FDR-2000 as it would.
 */
function pspKeyGuard(ctx: NodoContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = subscriptionKeyOf(req);
    const reg = ctx.registry();
    const sub = reg.subscription(key);
    if (!sub) return unauthorized(res, key);
    const pspId = String(req.params.pspId);
    if (sub.pspCode === pspId || (sub.pspCode !== undefined && !reg.psp(pspId))) return next();
    writeProblem(res, 'forbidden', `the subscription key may not act for PSP ${pspId}`);
  };
}
