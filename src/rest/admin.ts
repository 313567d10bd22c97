import express, { type Request, type Response } from 'express';
import { pagedQuery } from './adminQuery';
import type { NodoContext } from '../nodo/context';
import { JOBS } from '../nodo/jobs';
import { isOperation, PRIMITIVES } from '../nodo/primitives';
import type { RegistryDocument } from '../nodo/registryModel';
import { eventsOf, findToken } from '../store/payments';
import { journalEntry, queryJournal, type JournalFilter, type JournalWriter } from '../store/journal';
import { formatAmount } from '../nodo/money';
import { openNotices } from '../store/pull';
import { adminReceiptsRouter } from './adminReceipts';
import { adminListsRouter } from './adminLists';
import { adminClockRouter } from './adminClock';
import { adminRegistryRouter } from './adminRegistry';
import { adminReportingRouter } from './adminReporting';
import { adminIndexRouter } from './adminIndex';
import { adminResetRouter, type ResettableMemory } from './adminReset';
import { ProblemError } from './problems';
import { STATION_OPERATIONS } from '../ec/stationJournal';
import { BIZ_EVENTS_OPERATIONS } from './bizEvents';
import { FDR_JOURNAL_OPERATIONS } from './fdr/fdrJournal';
import { exchangeBody, exchangeFile, type ExchangePart } from './journalFiles';
import { journalExportRouter } from './journalExport';
import { journalEntryView, tokenDetailView, type JournalEntryView, type PageView } from './adminViews';

export interface AdminDeps {
  ctx: NodoContext;
  journal: JournalWriter;
  /** Replaces the registry (stored in the database) and reloads this process's snapshot. */
  loadRegistry(doc: RegistryDocument, source: string): Promise<number>;
  /** the built-in mock EC, whose in-memory answers and history POST /admin/reset forgets too */
  mockEc?: ResettableMemory;
}

/**
 * The operator API under /admin: journal, jobs, registry, tokens and the clock. The dashboard and the
 * tests use exactly this.
 */
export function adminRouter(deps: AdminDeps): express.Router {
  const { ctx, journal } = deps;
  const r = express.Router();

  r.use(adminIndexRouter());
  r.use(adminResetRouter(ctx, journal, deps.mockEc));

  r.get('/journal', async (req, res) => {
    const filter = journalFilter(req.query);
    if (typeof filter === 'string') throw new ProblemError('bad-parameter', filter);
    const { limit, offset } = filter;
    await journal.flush();
    const page = await queryJournal(ctx.db, filter);
    res.json({ total: page.total, limit, offset, items: page.rows.map(journalEntryView) } satisfies PageView<JournalEntryView>);
  });

  const entryOr404 = async (raw: string) => {
    await journal.flush();
    const id = Number(raw);
    const row = Number.isInteger(id) ? await journalEntry(ctx.db, id) : undefined;
    if (!row) throw new ProblemError('not-found', `no journal entry ${raw}`);
    return row;
  };
  const exportXml = (part: ExchangePart) => async (req: Request, res: Response) => {
    const row = await entryOr404(req.params.id as string);
    const file = exchangeFile(row, part);
    // attachment() sets a type from the file extension: the XML type of our SOAP answers goes after it
    res
      .attachment(`${row.id}-${row.operation ?? 'unknown'}-${part}.${file.ext}`)
      .type(file.type)
      .send(exchangeBody(row, part));
  };
  r.use(journalExportRouter(ctx, journal));
  r.get('/journal/:id/request.xml', exportXml('request'));
  r.get('/journal/:id/response.xml', exportXml('response'));
  // one exchange's keys, as the list shows them (the dashboard's detail view; the XML is behind its links)
  r.get('/journal/:id', async (req, res) => {
    const row = await entryOr404(req.params.id as string);
    res.json(journalEntryView(row) satisfies JournalEntryView);
  });

  // before the generic route: this job takes an optional day in its body
  r.use(adminReportingRouter(ctx));
  r.post('/jobs/:name/run', async (req, res) => {
    const job = JOBS[req.params.name];
    if (!job) throw new ProblemError('not-found', `unknown job "${req.params.name}" (known: ${Object.keys(JOBS).join(', ')})`);
    res.json(await job(ctx));
  });

  r.get('/tokens/:token', async (req, res) => {
    const t = await findToken(ctx.db.read, req.params.token);
    if (!t) throw new ProblemError('not-found', `no token ${req.params.token}`);
    res.json(tokenDetailView(t, await eventsOf(ctx.db, t.token)));
  });

  r.use('/receipts', adminReceiptsRouter(ctx));
  r.use(adminListsRouter(ctx));

  r.use('/registry', adminRegistryRouter(ctx, deps.loadRegistry));

  // The pending-notice hint for a PSP front end (issue 3 item 5): what the debtor still owes in the
  // archive. Kept out of the official SOAP/REST answers, which must stay wire-exact.
  r.get('/debtors/:taxCode/open-notices', async (req, res) => {
    const taxCode = String(req.params.taxCode);
    if (!/^[A-Z0-9]{11,16}$/.test(taxCode)) throw new ProblemError('bad-parameter', 'taxCode must be a fiscal code: 16 characters A-Z 0-9 (F) or 11 digits (G)');
    const open = await openNotices(ctx.db.read, taxCode);
    res.json({ taxCode, count: open.count, totalAmountCents: open.totalCents, totalAmount: formatAmount(open.totalCents) });
  });

  r.use('/clock', adminClockRouter(ctx.clock));

  return r;
}

// fiscalCode: the EC's own exchanges (its reporting reads, reporting.md §11.7), the evidence it exports
const JOURNAL_TEXT_FILTERS = ['noticeNumber', 'token', 'idPSP', 'fiscalCode'] as const;
const JOURNAL_OUTCOMES = ['OK', 'KO', 'FAULT'];
const JOURNAL_PARAMS = [...JOURNAL_TEXT_FILTERS, 'operation', 'outcome', 'direction', 'station', 'from', 'to', 'limit', 'offset'];
// direction 'in': PSP → node exchanges and EC REST calls (bizevents.*); 'out': the node's calls to EC stations (paForNode operations)
const JOURNAL_OPERATIONS: readonly string[] = [...Object.keys(PRIMITIVES), ...STATION_OPERATIONS, ...BIZ_EVENTS_OPERATIONS, ...FDR_JOURNAL_OPERATIONS];
const JOURNAL_DIRECTIONS = ['in', 'out'];
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * GET /admin/journal's query, checked: a misspelt parameter or an impossible value is a 400 rather
 * than a silently unfiltered (or empty) list. An empty value means "no filter". Returns the problem's
 * detail when the query is refused.
 */
function journalFilter(query: Request['query']): JournalFilter | string {
  const paged = pagedQuery(query, JOURNAL_PARAMS);
  if (typeof paged === 'string') return paged;
  const { q, limit, offset } = paged;
  if (q.operation !== undefined && !isOperation(q.operation) && !JOURNAL_OPERATIONS.includes(q.operation))
    return `operation must be one of ${JOURNAL_OPERATIONS.join(', ')}, got "${q.operation}"`;
  if (q.direction !== undefined && !JOURNAL_DIRECTIONS.includes(q.direction)) return `direction must be one of ${JOURNAL_DIRECTIONS.join(', ')}, got "${q.direction}"`;
  if (q.station !== undefined && q.station.length > 35) return `station must be a station code (at most 35 characters), got "${q.station}"`;
  if (q.outcome !== undefined && !JOURNAL_OUTCOMES.includes(q.outcome)) return `outcome must be one of ${JOURNAL_OUTCOMES.join(', ')}, got "${q.outcome}"`;
  const time = (name: 'from' | 'to'): number | undefined | string => {
    const v = q[name];
    if (v === undefined) return undefined;
    const t = /^\d+$/.test(v) ? Number(v) : ISO_DATE_TIME.test(v) ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? `${name} must be an ISO date-time or epoch milliseconds, got "${v}"` : t;
  };
  const from = time('from');
  const to = time('to');
  if (typeof from === 'string') return from;
  if (typeof to === 'string') return to;
  if (from !== undefined && to !== undefined && from > to) return 'from must not be after to';
  const filter: JournalFilter = {
    limit,
    offset,
    from,
    to,
    operation: q.operation,
    outcome: q.outcome,
    direction: q.direction as JournalFilter['direction'],
    stationCode: q.station,
  };
  for (const name of JOURNAL_TEXT_FILTERS) filter[name] = q[name];
  return filter;
}
