import express, { type Request } from 'express';
import type { NodoContext } from '../nodo/context';
import {
  listNotices,
  listPayments,
  listPositions,
  noticeDetail,
  positionDetail,
  type NoticeListFilter,
  type PaymentListFilter,
  type PaymentSummary,
  type PositionListFilter,
} from '../store/adminLists';
import type { NodeNoticeRow } from '../store/rows';
import { route } from './acaHttp';
import { pagedQuery } from './adminQuery';
import { ProblemError } from './problems';
import {
  eventView,
  noticeView,
  paymentView,
  positionDetailView,
  positionView,
  type NoticeDetailView,
  type NoticeView,
  type PageView,
  type PaymentView,
  type PositionView,
} from './adminViews';

/**
 * The lists the dashboard shows besides the journal and the receipts:
 *   GET /admin/positions   the archive's debt positions (what ACA/GPD hold), each with its payment options
 *   GET /admin/positions/{id}        one position, options with their transfers
 *   GET /admin/notices     the node's own notices (node_notices): INSERTED, PAYING, PAID, NOTIFIED
 *   GET /admin/notices/{id}          one notice with every token and every transition
 *   GET /admin/payments    payment tokens; /admin/tokens/{token} has one with its events
 * Same conventions as the rest of /admin: `{ total, limit, offset, items }`, the views of adminViews.ts,
 * a 400 problem for a misspelt parameter or an impossible value, a 404 for an unknown id.
 */
export function adminListsRouter(ctx: NodoContext): express.Router {
  const r = express.Router();

  r.get(
    '/positions',
    route(async (req, res) => {
      const f = positionFilter(req.query);
      if (typeof f === 'string') throw new ProblemError('bad-parameter', f);
      const page = await listPositions(ctx.db, f);
      res.json({ total: page.total, limit: f.limit, offset: f.offset, items: page.rows.map((p) => positionView(p.position, p.options)) } satisfies PageView<PositionView>);
    }),
  );

  r.get(
    '/positions/:id',
    route(async (req, res) => {
      const id = idParam(req);
      const found = id === undefined ? undefined : await positionDetail(ctx.db, id);
      if (!found) throw new ProblemError('not-found', `no debt position ${req.params.id}`);
      res.json(positionDetailView(found.position, found.options));
    }),
  );

  r.get(
    '/notices',
    route(async (req, res) => {
      const f = noticeFilter(req.query);
      if (typeof f === 'string') throw new ProblemError('bad-parameter', f);
      const page = await listNotices(ctx.db, f);
      res.json({ total: page.total, limit: f.limit, offset: f.offset, items: page.rows.map(noticeView) } satisfies PageView<NoticeView>);
    }),
  );

  r.get(
    '/notices/:id',
    route(async (req, res) => {
      const id = idParam(req);
      const found = id === undefined ? undefined : await noticeDetail(ctx.db, id);
      if (!found) throw new ProblemError('not-found', `no notice ${req.params.id}`);
      res.json({ ...noticeView(found.notice), tokens: found.tokens.map(paymentView), events: found.events.map(eventView) } satisfies NoticeDetailView);
    }),
  );

  r.get(
    '/payments',
    route(async (req, res) => {
      const f = paymentFilter(req.query);
      if (typeof f === 'string') throw new ProblemError('bad-parameter', f);
      const page = await listPayments(ctx.db, f);
      res.json({ total: page.total, limit: f.limit, offset: f.offset, items: page.rows.map(paymentView) } satisfies PageView<PaymentView>);
    }),
  );

  return r;
}

// ---- queries, checked ------------------------------------------------------------------------------------

function idParam(req: Request): number | undefined {
  const raw = String(req.params.id);
  return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/** GPD's debt position statuses (migrations/20261122100100_create_archive.js) */
const POSITION_STATUSES = ['DRAFT', 'PUBLISHED', 'VALID', 'PARTIALLY_PAID', 'PAID', 'INVALID', 'EXPIRED'];
const NOTICE_STATUSES: readonly NodeNoticeRow['status'][] = ['INSERTED', 'PAYING', 'PAID', 'NOTIFIED'];
const TOKEN_STATUSES: readonly PaymentSummary['status'][] = ['PAYING', 'PAID', 'NOTIFIED', 'FAILED', 'CANCELLED'];

type Check = (v: string) => string | undefined;
const EC_CODE: Check = (v) => (/^\d{11}$/.test(v) ? undefined : 'an EC fiscal code (11 digits)');
const NAV: Check = (v) => (/^\d{18}$/.test(v) ? undefined : '18 digits');
// paymentToken and idPSP are at most 35 characters (nodeForPsp.xsd stText35)
const TEXT35: Check = (v) => (/^[A-Za-z0-9_-]{1,35}$/.test(v) ? undefined : 'at most 35 letters, digits, "_" or "-"');
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    values.includes(v) ? undefined : `one of ${values.join(', ')}`;
const SEARCH: Check = (v) => (v.length <= 140 ? undefined : 'at most 140 characters');

/**
 * The list's query against `checks` (one per filter): only known parameters, each once, limit and offset
 * as everywhere in /admin. Returns the filter, or the problem's detail.
 */
function filterOf<F>(query: Request['query'], checks: Record<string, Check>): (F & { limit: number; offset: number }) | string {
  const paged = pagedQuery(query, [...Object.keys(checks), 'limit', 'offset']);
  if (typeof paged === 'string') return paged;
  const filter: Record<string, unknown> = { limit: paged.limit, offset: paged.offset };
  for (const [name, check] of Object.entries(checks)) {
    const v = paged.q[name];
    if (v === undefined) continue;
    const want = check(v);
    if (want) return `${name} must be ${want}, got "${v}"`;
    filter[name] = v;
  }
  return filter as F & { limit: number; offset: number };
}

const positionFilter = (q: Request['query']) => filterOf<PositionListFilter>(q, { organizationFiscalCode: EC_CODE, status: oneOf(POSITION_STATUSES), search: SEARCH });
const noticeFilter = (q: Request['query']) => filterOf<NoticeListFilter>(q, { fiscalCode: EC_CODE, noticeNumber: NAV, status: oneOf(NOTICE_STATUSES) });
const paymentFilter = (q: Request['query']) => filterOf<PaymentListFilter>(q, { noticeNumber: NAV, token: TEXT35, status: oneOf(TOKEN_STATUSES), idPSP: TEXT35 });
