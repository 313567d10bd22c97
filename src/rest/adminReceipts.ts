import express, { type Request } from 'express';
import { pagedQuery } from './adminQuery';
import type { NodoContext } from '../nodo/context';
import { receiptWorker } from '../nodo/receiptDelivery';
import { receiptXml } from '../nodo/receiptXml';
import { attemptsOf, findReceipt, listReceipts, type ReceiptFilter, type ReceiptSummary } from '../store/receipts';
import { route } from './acaHttp';
import { ProblemError } from './problems';
import { receiptAttemptView, receiptView, type PageView, type ReceiptDetailView, type ReceiptView } from './adminViews';

/**
 * /admin/receipts: the receipts outbox (one entry per receipt and recipient station), its delivery
 * attempts, the paSendRT(V2) envelope as sent, and a resend, in the views of adminViews.ts.
 */
export function adminReceiptsRouter(ctx: NodoContext): express.Router {
  const r = express.Router();

  r.get(
    '/',
    route(async (req, res) => {
      const filter = receiptFilter(req.query);
      if (typeof filter === 'string') throw new ProblemError('bad-parameter', filter);
      const page = await listReceipts(ctx.db, filter);
      res.json({ total: page.total, limit: filter.limit, offset: filter.offset, items: page.rows.map(receiptView) } satisfies PageView<ReceiptView>);
    }),
  );

  r.get(
    '/:id',
    route(async (req, res) => {
      const row = await receiptOf(ctx, req);
      res.json(await detail(ctx, row));
    }),
  );

  r.get(
    '/:id/xml',
    route(async (req, res) => {
      const row = await receiptOf(ctx, req);
      // attachment() sets a type from the extension: the SOAP XML type goes after it
      res
        .attachment(`receipt-${row.id}-${row.primitive}-${row.notice_number}.xml`)
        .type('text/xml; charset=UTF-8')
        .send(await receiptXml(ctx.db.read, ctx.registry(), row));
    }),
  );

  r.post(
    '/:id/resend',
    route(async (req, res) => {
      const row = await receiptOf(ctx, req);
      const worker = receiptWorker(ctx);
      if (!worker) throw new ProblemError('unavailable', 'the receipt worker is not running');
      if ((await worker.resend(Number(row.id))) === 'busy') {
        throw new ProblemError('conflict', `receipt ${row.id} is being delivered right now (lease held until ${iso(row.lease_until)}); retry after it`);
      }
      res.json(await detail(ctx, (await findReceipt(ctx.db, Number(row.id)))!));
    }),
  );

  return r;
}

async function receiptOf(ctx: NodoContext, req: Request) {
  const raw = String(req.params.id);
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  const row = Number.isSafeInteger(id) ? await findReceipt(ctx.db, id) : undefined;
  if (!row) throw new ProblemError('not-found', `no receipt ${raw}`);
  return row;
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

async function detail(ctx: NodoContext, row: ReceiptSummary): Promise<ReceiptDetailView> {
  const attempts = await attemptsOf(ctx.db, Number(row.id));
  return { ...receiptView(row), attemptList: attempts.map(receiptAttemptView) };
}

const STATUSES = ['NOTICE_GENERATED', 'NOTICE_SENT', 'NOTICE_PENDING', 'NOTIFIED'];
const TEXT_FILTERS = ['noticeNumber', 'token', 'fiscalCode', 'station'] as const;
const PARAMS = [...TEXT_FILTERS, 'status', 'limit', 'offset'];

/** The list's query, checked: a misspelt parameter or an impossible value is a 400, never an unfiltered list. */
function receiptFilter(query: Request['query']): ReceiptFilter | string {
  const paged = pagedQuery(query, PARAMS);
  if (typeof paged === 'string') return paged;
  const { q, limit, offset } = paged;
  if (q.status !== undefined && !STATUSES.includes(q.status)) return `status must be one of ${STATUSES.join(', ')}, got "${q.status}"`;
  if (q.noticeNumber !== undefined && !/^\d{18}$/.test(q.noticeNumber)) return `noticeNumber must be 18 digits, got "${q.noticeNumber}"`;
  if (q.fiscalCode !== undefined && !/^\d{11}$/.test(q.fiscalCode)) return `fiscalCode must be an EC fiscal code (11 digits), got "${q.fiscalCode}"`;
  const filter: ReceiptFilter = { limit, offset, status: q.status };
  for (const name of TEXT_FILTERS) filter[name] = q[name];
  return filter;
}
