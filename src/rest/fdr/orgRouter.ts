import { journalFdr } from './fdrJournal';
import express, { type Request } from 'express';
import type { NodoContext } from '../../nodo/context';
import type { Logger } from '../../log';
import { findPublished, listLatestByOrg, listPayments } from '../../store/reportingFlows';
import { authorizeEc } from '../ecAuth';
import { FdrError, fdrErrorMiddleware } from './fdrErrors';
import { flowByPsp, paginated, paymentView, sendFdrJson, singleFlow } from './orgViews';

export const FDR_ORG_BASE = '/fdr-org/service/v1';

const ID = /^(.{1,35})$/;

/**
 * FdR for creditor institutions (spec reporting.md §4; fdr_organization.json; FDR OrganizationsController):
 * the latest published revisions of the EC's flows, any published revision, and its payments. The
 * gateway's key check comes first (an EC key for its own EC, a broker key for the ECs of its stations;
 * 401 unknown, 403 another EC), then bean validation, then PSP → EC → flow name → lookup.
 */
export function fdrOrgRouter(ctx: NodoContext, log: Logger): express.Router {
  const r = express.Router();
  r.use(journalFdr(ctx, 'fdr-org'));

  r.get('/organizations/:organizationId/fdrs', async (req, res) => {
    const org = req.params.organizationId;
    if (!authorizeEc(ctx, req, res, org)) return;
    const now = ctx.clock.now().getTime();
    const limit = oneMonthBefore(now);
    const violations: { path: string; message: string }[] = [];
    const at = (p: string) => `getAllPublishedFlowsByOrganization.${p}`;
    if (!ID.test(org)) violations.push({ path: at('organizationId'), message: 'must match "^(.{1,35})$"' });
    const pspId = query(req, 'pspId');
    if (pspId !== undefined && !ID.test(pspId)) violations.push({ path: at('pspId'), message: 'must match "^(.{1,35})$"' });
    const publishedGt = instantParam(req, 'publishedGt');
    const flowDate = instantParam(req, 'flowDate');
    for (const [name, v] of [
      ['publishedGt', publishedGt],
      ['flowDate', flowDate],
    ] as const)
      if (v !== undefined && v < limit) violations.push({ path: at(name), message: 'The date cannot be older than 1 months.' });
    const { page, size } = paging(req, violations, at, 1000);
    if (violations.length) throw new FdrError('FDR-1000', [], { items: violations });
    if (pspId !== undefined) checkPsp(ctx, pspId);
    checkEc(ctx, org);
    // both windows default to now − 1 month (FDR's code; the OpenAPI text describes another default)
    const found = await listLatestByOrg(ctx.db.knex, org, { pspId, publishedGt: publishedGt ?? limit, flowDateGt: flowDate ?? limit }, page, size);
    sendFdrJson(res, paginated(found, page, size, flowByPsp));
  });

  const flowOf = async (req: Request) => {
    const { organizationId: org, fdr, pspId } = req.params as Record<string, string>;
    const revision = Number(req.params.revision);
    if (!/^\d+$/.test(String(req.params.revision))) throw new FdrError('FDR-1001', ['revision', String(req.params.revision)]);
    if (revision < 1) throw new FdrError('FDR-1000', [], { items: [{ path: 'getSingleFlow.revision', message: 'must be greater than or equal to 1' }] });
    checkPsp(ctx, pspId!);
    checkEc(ctx, org!);
    checkName(fdr!, pspId!);
    const flow = await findPublished(ctx.db.knex, pspId!, fdr!, revision);
    // another EC's flow is as unknown to this EC as a flow that does not exist
    if (!flow || flow.orgId !== org) throw new FdrError('FDR-3001', [fdr!]);
    return flow;
  };

  r.get('/organizations/:organizationId/fdrs/:fdr/revisions/:revision/psps/:pspId', async (req, res) => {
    if (!authorizeEc(ctx, req, res, req.params.organizationId)) return;
    sendFdrJson(res, singleFlow(await flowOf(req)));
  });

  r.get('/organizations/:organizationId/fdrs/:fdr/revisions/:revision/psps/:pspId/payments', async (req, res) => {
    if (!authorizeEc(ctx, req, res, req.params.organizationId)) return;
    const violations: { path: string; message: string }[] = [];
    const { page, size } = paging(req, violations, (p) => `getPaymentsFromPublishedFlow.${p}`, undefined);
    if (violations.length) throw new FdrError('FDR-1000', [], { items: violations });
    const flow = await flowOf(req);
    sendFdrJson(res, paginated(await listPayments(ctx.db.knex, flow.id, page, size), page, size, paymentView));
  });

  r.use(fdrErrorMiddleware(log));
  return r;
}

function query(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new FdrError('FDR-1001', [name, JSON.stringify(v)]);
  return v;
}

/** An Instant query parameter: an unparsable one is FDR-1002 (spec §12 suggests it over JAX-RS's bare 404). */
function instantParam(req: Request, name: string): number | undefined {
  const v = query(req, name);
  if (v === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new FdrError('FDR-1002', [name, v]);
  return ms;
}

function paging(req: Request, violations: { path: string; message: string }[], at: (p: string) => string, maxSize: number | undefined): { page: number; size: number } {
  const int = (name: string, dflt: number) => {
    const v = query(req, name);
    if (v === undefined) return dflt;
    if (!/^-?\d{1,15}$/.test(v)) throw new FdrError('FDR-1001', [name, v]);
    return Number(v);
  };
  const page = int('page', 1);
  const size = int('size', 1000);
  if (page < 1) violations.push({ path: at('pageNumber'), message: 'must be greater than or equal to 1' });
  if (size < 1) violations.push({ path: at('pageSize'), message: 'must be greater than or equal to 1' });
  if (maxSize !== undefined && size > maxSize) violations.push({ path: at('pageSize'), message: `must be less than or equal to ${maxSize}` });
  return { page, size };
}

/** now − 1 calendar month, UTC, the day clamped to the month's length (Java's minusMonths) */
export function oneMonthBefore(ms: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - 1;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

function checkPsp(ctx: NodoContext, pspId: string): void {
  const psp = ctx.registry().psp(pspId);
  if (!psp) throw new FdrError('FDR-2000', [pspId]);
  if (!psp.enabled) throw new FdrError('FDR-2001', [pspId]);
}

function checkEc(ctx: NodoContext, org: string): void {
  const ec = ctx.registry().creditorInstitution(org);
  if (!ec) throw new FdrError('FDR-2008', [org]);
  if (!ec.enabled) throw new FdrError('FDR-2009', [org]);
}

/** spec §2: `<YYYY-MM-DD><pspId>-<free>` */
function checkName(fdr: string, pspId: string): void {
  const date = fdr.slice(0, 10);
  if (fdr.length < 10 || !/^\d{4}-\d{2}-\d{2}$/.test(date) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) throw new FdrError('FDR-3008', [fdr]);
  if (!fdr.slice(10).startsWith(`${pspId}-`)) throw new FdrError('FDR-3009', [fdr]);
}
