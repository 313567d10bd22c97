import { randomUUID } from 'node:crypto';
import express, { type Request } from 'express';
import type { NodoContext } from '../nodo/context';
import { markOptionPaid } from '../store/archive';
import {
  deletePosition,
  EDITABLE_STATUSES,
  findPosition,
  listPositions,
  noticeInPayment,
  positionOfNotice,
  refreshTimedStatuses,
  replacePosition,
  setPositionStatus,
  takenNotice,
  type PositionFilter,
  type StoredPosition,
} from '../store/positions';
import { insertPosition } from '../store/archive';
import type { Sql } from '../store/sql';
import { checkNav, fail, inPaymentConflict, jsonBody, relayable, route, validBody } from './acaHttp';
import { validateAlreadyPaid, validatePaymentPosition, type AlreadyPaidPaymentOptionModel, type PaymentPositionModel } from './acaSchemas';
import { authorizeEc } from './ecAuth';
import { dayOf, paymentOptionResponse, positionModel, positionResponse, toNewPosition } from './gpdMapping';
import { boundedInt, INT32_MAX } from './queryParams';

/** The two places GPD-for-ACA lives: our historical /gpd path and the official base path of gpd-4-aca.json. */
export const GPD_BASE_PATHS = ['/gpd/debt-positions-service/v1', '/aca/debt-positions-service/v1'];

const ORDER_BY: Record<string, PositionFilter['orderBy']> = { INSERTED_DATE: 'created_at', IUPD: 'iupd', STATUS: 'status', COMPANY_NAME: 'company_name' };
const STATUSES = ['DRAFT', 'PUBLISHED', 'VALID', 'INVALID', 'EXPIRED', 'PARTIALLY_PAID', 'PAID', 'REPORTED'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** GPD's "already paid" states: such a position can be neither updated nor deleted. */
const PAID_STATES = ['PAID', 'PARTIALLY_PAID', 'REPORTED'];
const today = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The time-driven transitions (validity reached, switchToExpired), applied lazily before an EC reads or changes its positions. */
const refresh = (q: Sql, org: string, at: number) => refreshTimedStatuses(q, at, today(at), org);

/**
 * GPD's debt-position API (gpd-4-aca.json) for an EC's archive: create, read, list, update, delete,
 * publish, invalidate, mark an option paid. Each change is one transaction; a thrown ProblemError rolls it back.
 * Status rules are GPD's: DRAFT → publish → VALID (PUBLISHED while a future validityDate is pending);
 * update only in DRAFT/PUBLISHED/VALID (the position returns to DRAFT unless toPublish); invalidate only
 * VALID; delete anything not (partially) paid.
 */
export function gpdRouter(ctx: NodoContext): express.Router {
  const r = express.Router();
  const now = () => ctx.clock.now().getTime();
  const org = (req: Request) => String(req.params.organizationfiscalcode);
  // APIM checks the key before anything else reaches the service
  const auth: express.RequestHandler = (req, res, next) => {
    if (authorizeEc(ctx, req, res, org(req), { bodylessUnauthorized: true })) next();
  };
  const toPublish = (req: Request) => req.query.toPublish === 'true';
  // gpd-4-aca.json: every answer, the gateway's 401/403 included, carries the caller's X-Request-Id or a new one
  r.use((req, res, next) => {
    res.set('X-Request-Id', req.get('X-Request-Id') ?? randomUUID());
    next();
  });

  r.get(
    '/organizations/:organizationfiscalcode/debtpositions',
    auth,
    route(async (req, res) => {
      const f = listFilter(req.query);
      if (typeof f === 'string') throw fail('bad-parameter', f);
      await ctx.db.tx((q) => refresh(q, org(req), now()));
      const { total, positions } = await listPositions(ctx.db.knex, org(req), f);
      res.json({
        payment_position_list: positions.map(positionResponse),
        page_info: { page: f.page, limit: f.limit, items_found: positions.length, total_pages: Math.ceil(total / f.limit) },
      });
    }),
  );

  r.post(
    '/organizations/:organizationfiscalcode/debtpositions',
    auth,
    jsonBody,
    route(async (req, res) => {
      const m = validBody<PaymentPositionModel>(req, validatePaymentPosition);
      const at = now();
      checkPosition(m, at);
      const tree = await ctx.db.tx(async (q) => {
        if (await findPosition(q, org(req), m.iupd)) throw fail('conflict', `Debt position with iupd ${m.iupd} already exists for creditor institution ${org(req)}`);
        await checkNavsFree(q, org(req), m);
        await insertPosition(q, toNewPosition(org(req), m, publishedStatus(m, at, toPublish(req)), at), at);
        return (await findPosition(q, org(req), m.iupd))!;
      });
      res.status(201).json(positionModel(tree));
    }),
  );

  r.get(
    '/organizations/:organizationfiscalcode/debtpositions/:iupd',
    auth,
    route(async (req, res) => {
      const tree = await ctx.db.tx(async (q) => {
        await refresh(q, org(req), now());
        return existing(q, org(req), req.params.iupd as string);
      });
      res.json(positionResponse(tree));
    }),
  );

  r.put(
    '/organizations/:organizationfiscalcode/debtpositions/:iupd',
    auth,
    jsonBody,
    route(async (req, res) => {
      const m = validBody<PaymentPositionModel>(req, validatePaymentPosition);
      const iupd = req.params.iupd as string;
      if (m.iupd !== iupd) throw fail('bad-body', `iupd in the body (${m.iupd}) differs from the one in the path (${iupd})`);
      const at = now();
      checkPosition(m, at);
      const tree = await ctx.db.tx(async (q) => {
        await refresh(q, org(req), at);
        const old = await existing(q, org(req), iupd);
        if (!EDITABLE_STATUSES.includes(old.position.status))
          throw fail('conflict', `Debt position ${iupd} is ${old.position.status}: it can be updated only in DRAFT, PUBLISHED or VALID`);
        await refuseInPayment(q, old.position);
        await checkNavsFree(q, org(req), m, Number(old.position.id));
        await replacePosition(q, old.position, toNewPosition(org(req), m, publishedStatus(m, at, toPublish(req)), at), at);
        return (await findPosition(q, org(req), iupd))!;
      });
      res.json(positionModel(tree));
    }),
  );

  r.delete(
    '/organizations/:organizationfiscalcode/debtpositions/:iupd',
    auth,
    route(async (req, res) => {
      await ctx.db.tx(async (q) => {
        await refresh(q, org(req), now());
        const old = await existing(q, org(req), req.params.iupd as string);
        if (PAID_STATES.includes(old.position.status)) throw fail('conflict', `Debt position ${old.position.iupd} is ${old.position.status}: a paid position cannot be deleted`);
        await refuseInPayment(q, old.position);
        await deletePosition(q, old.position.id);
      });
      res.json('OK');
    }),
  );

  r.post(
    '/organizations/:organizationfiscalcode/debtpositions/:iupd/publish',
    auth,
    route(async (req, res) => {
      const tree = await ctx.db.tx(async (q) => {
        const old = await existing(q, org(req), req.params.iupd as string);
        if (old.position.status !== 'DRAFT') throw fail('conflict', `Debt position ${old.position.iupd} is ${old.position.status}: only a DRAFT position can be published`);
        const at = now();
        const validity = old.position.validity_date === null ? null : Number(old.position.validity_date);
        await setPositionStatus(q, old.position.id, validity !== null && validity > at ? 'PUBLISHED' : 'VALID', at, at);
        return (await findPosition(q, org(req), old.position.iupd))!;
      });
      res.json(positionModel(tree));
    }),
  );

  r.post(
    '/organizations/:organizationfiscalcode/debtpositions/:iupd/invalidate',
    auth,
    route(async (req, res) => {
      const tree = await ctx.db.tx(async (q) => {
        const at = now();
        await refresh(q, org(req), at);
        const old = await existing(q, org(req), req.params.iupd as string);
        if (old.position.status !== 'VALID') throw fail('conflict', `Debt position ${old.position.iupd} is ${old.position.status}: only a VALID position can be invalidated`);
        await refuseInPayment(q, old.position);
        await setPositionStatus(q, old.position.id, 'INVALID', at);
        return (await findPosition(q, org(req), old.position.iupd))!;
      });
      res.json(positionModel(tree));
    }),
  );

  // An EC tells GPD that a notice was paid outside pagoPA (at the counter, say): no receipt, no token.
  r.post(
    '/organizations/:organizationfiscalcode/paymentoptions/paids/:nav',
    auth,
    optionalJson,
    route(async (req, res) => {
      const body = validBody<AlreadyPaidPaymentOptionModel>(req, validateAlreadyPaid);
      const nav = req.params.nav as string;
      const at = now();
      const result = await ctx.db.tx(async (q) => {
        await refresh(q, org(req), at);
        const tree = await positionOfNotice(q, org(req), nav);
        if (!tree) throw fail('not-found', `No payment option found with creditor institution ${org(req)} and nav ${nav}`);
        const option = tree.options.find((o) => o.option.notice_number === nav)!.option;
        if (option.status !== 'PO_UNPAID') throw fail('conflict', `Payment option ${nav} is already ${option.status}`);
        if (!['VALID', 'PARTIALLY_PAID'].includes(tree.position.status))
          throw fail('unprocessable', `Debt position ${tree.position.iupd} is ${tree.position.status}: its payment options cannot be paid`);
        // 'NA': GPD's placeholder for what a payment outside pagoPA does not have
        await markOptionPaid(q, {
          fiscalCode: org(req),
          noticeNumber: nav,
          token: 'NA',
          at: body.paymentDate ? Date.parse(body.paymentDate) : at,
          pspCompany: 'NA',
          paymentMethod: 'NA',
        });
        const after = (await findPosition(q, org(req), tree.position.iupd))!;
        return { paid: after.options.find((o) => o.option.notice_number === nav)!, serviceType: after.position.service_type };
      });
      res.json({ ...paymentOptionResponse(result.paid.option, result.paid.transfers), serviceType: result.serviceType });
    }),
  );

  return r;
}

/** paids/{nav} may come with no body at all: paid now. */
const optionalJson: express.RequestHandler = (req, res, next) => {
  if (!req.get('content-type') && !Number(req.get('content-length') ?? 0) && req.get('transfer-encoding') === undefined) {
    req.body = {};
    return next();
  }
  jsonBody(req, res, next);
};

async function existing(q: Sql, org: string, iupd: string): Promise<StoredPosition> {
  const tree = await findPosition(q, org, iupd);
  if (!tree) throw fail('not-found', `No debt position found with creditor institution code ${org} and iupd ${iupd}`);
  return tree;
}

/** toPublish: VALID at once, or PUBLISHED until a future validityDate (GPD); else DRAFT. */
function publishedStatus(m: PaymentPositionModel, now: number, toPublish: boolean): string {
  if (!toPublish) return 'DRAFT';
  return m.validityDate && Date.parse(m.validityDate) > now ? 'PUBLISHED' : 'VALID';
}

async function checkNavsFree(q: Sql, org: string, m: PaymentPositionModel, exceptPositionId?: number): Promise<void> {
  const taken = await takenNotice(
    q,
    org,
    (m.paymentOption ?? []).map((o) => o.nav ?? `3${o.iuv}`),
    exceptPositionId,
  );
  if (taken) throw fail('conflict', `nav ${taken} already used by another debt position of creditor institution ${org}`);
}

/** GPD's semantic checks, beyond the schema: what the node needs to serve every option as a notice. */
export function checkPosition(m: PaymentPositionModel, now: number): void {
  const options = m.paymentOption ?? [];
  if (options.length === 0) throw fail('bad-body', 'paymentOption must contain at least one payment option');
  const today = new Date(now).toISOString().slice(0, 10);
  if (m.validityDate && Date.parse(m.validityDate) < now) throw fail('bad-body', `validityDate ${m.validityDate} is in the past`);
  relayable('fullName', m.fullName, 70);
  relayable('companyName', m.companyName, 140);
  relayable('officeName', m.officeName, 140);
  relayable('iupd', m.iupd, 140);
  const seen = new Set<string>();
  options.forEach((o, i) => {
    const at = `paymentOption[${i}]`;
    const nav = o.nav ?? `3${o.iuv}`;
    relayable(`${at}.iuv`, o.iuv, 35);
    relayable(`${at}.description`, o.description, 140);
    checkNav(at, nav);
    if (seen.has(nav)) throw fail('bad-body', `${at}.nav ${nav} is repeated in the position`);
    seen.add(nav);
    if (dayOf(o.dueDate) < today) throw fail('bad-body', `${at}.dueDate ${o.dueDate} is in the past`);
    if (m.validityDate && dayOf(o.dueDate) < dayOf(m.validityDate)) throw fail('bad-body', `${at}.dueDate ${o.dueDate} is before validityDate ${m.validityDate}`);
    const transfers = o.transfer ?? [];
    if (transfers.length === 0) throw fail('bad-body', `${at}.transfer must contain at least one transfer`);
    const ids = new Set(transfers.map((t) => t.idTransfer));
    if (ids.size !== transfers.length) throw fail('bad-body', `${at}.transfer has repeated idTransfer values`);
    // the node refuses an EC answer whose transfers are not numbered 1..n (PPT_STAZIONE_INT_PA_ERRORE_RESPONSE):
    // a gap would make the notice unpayable, so it is refused here, when the EC can still fix it (any order: stored sorted)
    if (transfers.some((t) => Number(t.idTransfer) > transfers.length)) {
      throw fail('bad-body', `${at}.transfer idTransfer values must be 1..${transfers.length}, found ${transfers.map((t) => t.idTransfer).join(', ')}`);
    }
    transfers.forEach((t, j) => {
      if (!t.iban && !t.stamp) throw fail('bad-body', `${at}.transfer[${j}] needs an iban or a stamp`);
      if (t.iban && t.stamp) throw fail('bad-body', `${at}.transfer[${j}] has both an iban and a stamp`);
    });
    const sum = transfers.reduce((s, t) => s + t.amount, 0);
    if (sum !== o.amount) throw fail('bad-body', `${at}.amount ${o.amount} differs from the sum of its transfers (${sum})`);
  });
}

function listFilter(q: Request['query']): PositionFilter | string {
  for (const name of ['limit', 'page', 'due_date_from', 'due_date_to', 'payment_date_from', 'payment_date_to', 'status', 'orderby', 'ordering']) {
    if (q[name] !== undefined && typeof q[name] !== 'string') return `${name} must be given once, as a plain value`;
  }
  // int32 in gpd-4-aca.json: limit at most 50, page at least 0
  const limit = q.limit === undefined ? 10 : boundedInt('limit', q.limit as string, 1, 50);
  if (typeof limit === 'string') return limit;
  const page = q.page === undefined ? 0 : boundedInt('page', q.page as string, 0, INT32_MAX);
  if (typeof page === 'string') return page;
  const str = (name: string) => (typeof q[name] === 'string' ? (q[name] as string) : undefined);
  for (const d of ['due_date_from', 'due_date_to', 'payment_date_from', 'payment_date_to']) {
    const v = str(d);
    if (v !== undefined && !DAY.test(v)) return `${d} must be a date (YYYY-MM-DD)`;
  }
  const status = str('status');
  if (status !== undefined && !STATUSES.includes(status)) return `status must be one of ${STATUSES.join(', ')}`;
  const orderby = str('orderby') ?? 'INSERTED_DATE';
  if (!ORDER_BY[orderby]) return `orderby must be one of ${Object.keys(ORDER_BY).join(', ')}`;
  const ordering = str('ordering') ?? 'DESC';
  if (ordering !== 'ASC' && ordering !== 'DESC') return 'ordering must be ASC or DESC';
  const dayMs = (d: string | undefined, plus = 0) => (d === undefined ? undefined : Date.parse(`${d}T00:00:00Z`) + plus);
  return {
    limit,
    page,
    status,
    dueDateFrom: str('due_date_from'),
    dueDateTo: str('due_date_to'),
    paymentDateFrom: dayMs(str('payment_date_from')),
    // inclusive of the whole last day
    paymentDateTo: dayMs(str('payment_date_to'), 86_400_000 - 1),
    orderBy: ORDER_BY[orderby]!,
    ordering: ordering === 'DESC' ? 'desc' : 'asc',
  };
}

async function refuseInPayment(q: Sql, p: { id: number; iupd: string }): Promise<void> {
  const nav = await noticeInPayment(q, Number(p.id));
  if (nav) throw inPaymentConflict(p.iupd, nav);
}
