import express, { type Request } from 'express';
import type { NodoContext } from '../nodo/context';
import {
  listNotices, listPayments, listPositions, noticeDetail, positionDetail,
  type NoticeListFilter, type PaymentListFilter, type PaymentSummary, type PositionListFilter,
} from '../store/adminLists';
import type { DebtPositionRow, NodeNoticeRow, OptionTransferRow, PaymentEventRow, PaymentOptionRow } from '../store/rows';
import { route } from './acaHttp';
import { pagedQuery } from './adminQuery';
import { ProblemError } from './problems';

/**
 * The lists the dashboard shows besides the journal and the receipts:
 *   GET /admin/positions   the archive's debt positions (what ACA/GPD hold), each with its payment options
 *   GET /admin/positions/{id}        one position, options with their transfers
 *   GET /admin/notices     the node's own notices (node_notices): INSERTED, PAYING, PAID, NOTIFIED
 *   GET /admin/notices/{id}          one notice with every token and every transition
 *   GET /admin/payments    payment tokens; /admin/tokens/{token} has one with its events
 * Same conventions as the rest of /admin: `{ total, limit, offset, items }`, column spelling, ISO times,
 * a 400 problem for a misspelt parameter or an impossible value, a 404 for an unknown id.
 */
export function adminListsRouter(ctx: NodoContext): express.Router {
  const r = express.Router();

  r.get('/positions', route(async (req, res) => {
    const f = positionFilter(req.query);
    if (typeof f === 'string') throw new ProblemError('bad-parameter', f);
    const page = await listPositions(ctx.db, f);
    res.json({ total: page.total, limit: f.limit, offset: f.offset, items: page.rows.map((p) => ({ ...positionView(p.position), options: p.options.map(optionView) })) });
  }));

  r.get('/positions/:id', route(async (req, res) => {
    const id = idParam(req);
    const found = id === undefined ? undefined : await positionDetail(ctx.db, id);
    if (!found) throw new ProblemError('not-found', `no debt position ${req.params.id}`);
    const { debtor_json, ...position } = positionView(found.position, true);
    res.json({
      ...position,
      debtor: debtor_json ? JSON.parse(debtor_json) : null,
      options: found.options.map((o) => ({ ...optionView(o.option), transfers: o.transfers.map(transferView) })),
    });
  }));

  r.get('/notices', route(async (req, res) => {
    const f = noticeFilter(req.query);
    if (typeof f === 'string') throw new ProblemError('bad-parameter', f);
    const page = await listNotices(ctx.db, f);
    res.json({ total: page.total, limit: f.limit, offset: f.offset, items: page.rows.map(noticeView) });
  }));

  r.get('/notices/:id', route(async (req, res) => {
    const id = idParam(req);
    const found = id === undefined ? undefined : await noticeDetail(ctx.db, id);
    if (!found) throw new ProblemError('not-found', `no notice ${req.params.id}`);
    res.json({ ...noticeView(found.notice), tokens: found.tokens.map(paymentView), events: found.events.map(eventView) });
  }));

  r.get('/payments', route(async (req, res) => {
    const f = paymentFilter(req.query);
    if (typeof f === 'string') throw new ProblemError('bad-parameter', f);
    const page = await listPayments(ctx.db, f);
    res.json({ total: page.total, limit: f.limit, offset: f.offset, items: page.rows.map(paymentView) });
  }));

  return r;
}

// ---- views: column spelling, ISO times, real booleans (SQLite stores 0/1) -------------------------------

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
const bool = (v: boolean | number | null) => v === true || Number(v) === 1;

function positionView(p: DebtPositionRow, withDebtor = false) {
  const { debtor_json, ...rest } = p;
  return {
    ...rest,
    id: Number(p.id),
    pay_stand_in: bool(p.pay_stand_in),
    pull: bool(p.pull),
    switch_to_expired: bool(p.switch_to_expired),
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
    validity_date: iso(p.validity_date),
    publish_date: iso(p.publish_date),
    payment_date: iso(p.payment_date),
    ...(withDebtor ? { debtor_json } : {}),
    links: { self: `/admin/positions/${p.id}` },
  };
}

function optionView(o: PaymentOptionRow) {
  const { metadata_json, ...rest } = o;
  return {
    ...rest,
    id: Number(o.id),
    position_id: Number(o.position_id),
    amount_cents: Number(o.amount_cents),
    fee_cents: Number(o.fee_cents),
    notification_fee_cents: Number(o.notification_fee_cents),
    is_partial_payment: bool(o.is_partial_payment),
    metadata: metadata_json ? JSON.parse(metadata_json) : null,
    inserted_at: iso(o.inserted_at),
    updated_at: iso(o.updated_at),
    payment_date: iso(o.payment_date),
  };
}

function transferView(t: OptionTransferRow) {
  const { metadata_json, ...rest } = t;
  return { ...rest, option_id: Number(t.option_id), amount_cents: Number(t.amount_cents), metadata: metadata_json ? JSON.parse(metadata_json) : null };
}

function noticeView(n: NodeNoticeRow) {
  const id = Number(n.id);
  return {
    ...n,
    id,
    created_at: iso(n.created_at),
    updated_at: iso(n.updated_at),
    links: { self: `/admin/notices/${id}`, ...(n.current_token ? { token: `/admin/tokens/${n.current_token}` } : {}) },
  };
}

function paymentView(t: PaymentSummary) {
  return {
    ...t,
    notice_id: Number(t.notice_id),
    amount_cents: Number(t.amount_cents),
    expires_at: iso(t.expires_at),
    outcome_at: iso(t.outcome_at),
    created_at: iso(t.created_at),
    updated_at: iso(t.updated_at),
    links: { self: `/admin/tokens/${t.token}`, notice: `/admin/notices/${Number(t.notice_id)}` },
  };
}

const eventView = (e: PaymentEventRow) => ({ ...e, id: Number(e.id), notice_id: Number(e.notice_id), at: iso(e.at) });

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
const oneOf = (values: readonly string[]): Check => (v) => (values.includes(v) ? undefined : `one of ${values.join(', ')}`);
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

const positionFilter = (q: Request['query']) =>
  filterOf<PositionListFilter>(q, { organizationFiscalCode: EC_CODE, status: oneOf(POSITION_STATUSES), search: SEARCH });
const noticeFilter = (q: Request['query']) => filterOf<NoticeListFilter>(q, { fiscalCode: EC_CODE, noticeNumber: NAV, status: oneOf(NOTICE_STATUSES) });
const paymentFilter = (q: Request['query']) =>
  filterOf<PaymentListFilter>(q, { noticeNumber: NAV, token: TEXT35, status: oneOf(TOKEN_STATUSES), idPSP: TEXT35 });
