import { randomUUID } from 'node:crypto';
import express, { type Request } from 'express';
import type { NodoContext } from '../nodo/context';
import { receiptXml } from '../nodo/receiptXml';
import { storedReceipt, storedReceipts, type StoredReceiptFilter } from '../store/receipts';
import { fail, route } from './acaHttp';
import { authorizeEc } from './ecAuth';
import { boundedInt, INT32_MAX } from './queryParams';

/** Where GPD's payments-receipts service lives (gpd_payments.json servers[0]). */
export const GPD_RECEIPTS_BASE = '/gpd/payments-receipts-service/v1';

/**
 * GPD's receipts API (gpd_payments.json) for ECs hosted on the emulator (stations with the archive or
 * synthetic backend): the receipts the node "delivered" to them by storing them, as GPD keeps the
 * paSendRT it receives. A receipt is the paSendRT(V2) envelope exactly as stored in the outbox.
 */
export function gpdReceiptsRouter(ctx: NodoContext): express.Router {
  const r = express.Router();
  const org = (req: Request) => String(req.params.organizationfiscalcode);
  // the service echoes X-Request-Id, or makes one up
  r.use((req, res, next) => {
    res.set('X-Request-Id', req.get('X-Request-Id') ?? randomUUID());
    next();
  });
  // APIM's subscription check comes first; the official 401 has no body, the 403 APIM's own
  const auth: express.RequestHandler = (req, res, next) => {
    if (authorizeEc(ctx, req, res, org(req), { bodylessUnauthorized: true })) next();
  };

  r.get(
    '/payments/:organizationfiscalcode/receipts',
    auth,
    route(async (req, res) => {
      const f = listFilter(org(req), req.query);
      if (typeof f === 'string') throw fail('bad-parameter', f);
      const { total, rows } = await storedReceipts(ctx.db, f);
      // GPD answers an empty page as "not found"
      if (!rows.length) throw fail('not-found', `no receipts found for creditor institution ${f.organization} (page ${f.pageNum})`);
      res.json({
        currentPageNumber: f.pageNum,
        length: rows.length,
        totalPages: Math.ceil(total / f.pageSize),
        results: rows.map((row) => ({
          organizationFiscalCode: row.recipient_fiscal_code,
          iuv: row.creditor_reference_id,
          debtor: row.debtor_fiscal_code,
          paymentDateTime: new Date(Number(row.payment_date_time)).toISOString(),
        })),
      });
    }),
  );

  r.get(
    '/payments/:organizationfiscalcode/receipts/:iuv',
    auth,
    route(async (req, res) => {
      const iuv = String(req.params.iuv);
      const codes = segregationCodes(req.query.segregationCodes);
      if (codes === 'invalid') throw fail('bad-parameter', 'segregationCodes must be two-digit codes separated by commas, e.g. 01,03');
      // a broker authorised for some segregation codes only: an IUV of another code is not its to read
      if (codes && !codes.includes(iuv.slice(0, 2))) {
        throw fail('unprocessable', `the IUV ${iuv} has segregation code ${iuv.slice(0, 2)}, not among segregationCodes ${codes.join(',')}`);
      }
      const row = await storedReceipt(ctx.db, org(req), iuv);
      if (!row) throw fail('not-found', `no receipt found for creditor institution ${org(req)} and IUV ${iuv}`);
      res.type('application/xml; charset=UTF-8').send(await receiptXml(ctx.db.read, ctx.registry(), row));
    }),
  );

  return r;
}

function segregationCodes(v: unknown): string[] | undefined | 'invalid' {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !/^\d{2}(,\d{2})*$/.test(v)) return 'invalid';
  return v.split(',');
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const SERVICES = ['GPD', 'ACA', 'WISP'];

/**
 * The list's filters as GPD takes them; like GPD, parameters it does not know are ignored. `from`/`to`
 * bound the payment date: a day includes all of it, a date-time is exact.
 */
function listFilter(organization: string, q: Request['query']): StoredReceiptFilter | string {
  const str = (name: string): string | undefined => {
    const v = q[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  for (const name of ['pageNum', 'pageSize', 'debtor', 'service', 'from', 'to', 'segregationCodes', 'debtorOrIuv']) {
    if (q[name] !== undefined && typeof q[name] !== 'string') return `${name} must be given once, as a plain value`;
  }
  // int32 in gpd_payments.json: pageNum at least 0, pageSize at most 100; empty is the default
  const pageNum = str('pageNum') === undefined ? 0 : boundedInt('pageNum', str('pageNum')!, 0, INT32_MAX);
  if (typeof pageNum === 'string') return pageNum;
  const pageSize = str('pageSize') === undefined ? 20 : boundedInt('pageSize', str('pageSize')!, 1, 100);
  if (typeof pageSize === 'string') return pageSize;
  const time = (name: 'from' | 'to'): number | undefined | string => {
    const v = str(name);
    if (v === undefined) return undefined;
    if (DAY.test(v)) {
      const day = Date.parse(`${v}T00:00:00Z`);
      return Number.isNaN(day) ? `${name} must be a date (YYYY-MM-DD) or a date-time, got "${v}"` : name === 'to' ? day + 86_400_000 : day;
    }
    const t = DATE_TIME.test(v) ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? `${name} must be a date (YYYY-MM-DD) or a date-time, got "${v}"` : name === 'to' ? t + 1 : t;
  };
  const from = time('from');
  const to = time('to');
  if (typeof from === 'string') return from;
  if (typeof to === 'string') return to;
  if (from !== undefined && to !== undefined && from >= to) return 'from must not be after to';
  const service = str('service');
  if (service !== undefined && !SERVICES.includes(service)) return `service must be one of ${SERVICES.join(', ')}, got "${service}"`;
  const codes = segregationCodes(q.segregationCodes);
  if (codes === 'invalid') return 'segregationCodes must be two-digit codes separated by commas, e.g. 01,03';
  const debtorOrIuv = str('debtorOrIuv');
  if (debtorOrIuv !== undefined && !/^[A-Za-z0-9]{1,35}$/.test(debtorOrIuv)) return 'debtorOrIuv must be the start of a fiscal code or IUV: letters and digits only';
  const debtor = str('debtor');
  if (debtor !== undefined && debtor.length > 35) return 'debtor must be a fiscal code (at most 35 characters)';
  return { organization, pageNum, pageSize, debtor, service, from, to, segregationCodes: codes, debtorOrIuv };
}
