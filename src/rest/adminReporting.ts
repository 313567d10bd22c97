import express from 'express';
import type { NodoContext } from '../nodo/context';
import { formatAmount } from '../nodo/money';
import { generateReportingFlows } from '../nodo/reporting/generateFlows';
import { isIsoDate } from '../nodo/reporting/romeDay';
import { allPayments, type Flow } from '../store/reportingFlows';
import { ProblemError, writeProblem } from './problems';

/**
 * The operator side of reporting (issue 14 items 5, 8): the generator's trigger with an optional day, and
 * the reads of the dashboard's "Rendicontazione" tab: every revision of every flow with its state, one
 * revision's payments, its XML.
 */
export function adminReportingRouter(ctx: NodoContext): express.Router {
  const r = express.Router();

  // body {"date":"YYYY-MM-DD"}, optional: default yesterday in Europe/Rome on the injected clock
  r.post('/jobs/generateReportingFlows/run', express.json({ strict: false }), async (req, res) => {
    const body = (req.body ?? {}) as { date?: unknown };
    if (typeof body !== 'object' || Array.isArray(body)) return writeProblem(res, 'bad-body', 'the body is optional; when given it is {"date":"YYYY-MM-DD"}');
    const extra = Object.keys(body).filter((k) => k !== 'date');
    if (extra.length) return writeProblem(res, 'bad-body', `unknown field ${extra[0]}: the body is {"date":"YYYY-MM-DD"}`);
    if (body.date !== undefined && (typeof body.date !== 'string' || !isIsoDate(body.date)))
      return writeProblem(res, 'bad-body', `date must be a calendar day YYYY-MM-DD (Europe/Rome), got ${JSON.stringify(body.date)}`);
    res.json(await generateReportingFlows(ctx, body.date as string | undefined));
  });

  r.get('/reporting/flows', async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 200) || 200, 1), 1000);
    const rows = await ctx.db.knex('reporting_flows').orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit);
    res.json({ items: rows.map((f: Record<string, unknown>) => flowSummary(f)) });
  });

  r.get('/reporting/flows/:id', async (req, res) => {
    const flow = await flowById(ctx, req.params.id);
    res.json({
      ...flowSummary(flow.row),
      header: JSON.parse(String(flow.row.header)),
      payments: (await allPayments(ctx.db.knex, flow.id)).map((p) => ({ ...p, pay: formatAmount(p.payCents), payDate: new Date(p.payDate).toISOString() })),
    });
  });

  r.get('/reporting/flows/:id/flow.xml', async (req, res) => {
    const flow = await flowById(ctx, req.params.id);
    if (flow.row.xml === null) throw new ProblemError('not-found', `flow ${req.params.id} is a draft: it has no XML until it is published`);
    res
      .attachment(`${String(flow.row.name)}-r${String(flow.row.revision)}.xml`)
      .type('application/xml; charset=UTF-8')
      .send(flow.row.xml);
  });
  return r;
}

async function flowById(ctx: NodoContext, idText: string): Promise<{ id: number; row: Record<string, unknown> }> {
  const id = Number(idText);
  const row = Number.isSafeInteger(id) ? ((await ctx.db.knex('reporting_flows').where({ id }).first()) as Record<string, unknown> | undefined) : undefined;
  if (!row) throw new ProblemError('not-found', `no reporting flow ${idText}`);
  return { id, row };
}

function flowSummary(f: Record<string, unknown>) {
  const at = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());
  return {
    id: Number(f.id),
    fdr: f.name,
    pspId: f.psp_id,
    organizationId: f.org_id,
    revision: Number(f.revision),
    status: f.status as Flow['status'],
    isLatest: f.is_latest === true || f.is_latest === 1,
    origin: f.origin,
    fdrDate: at(f.fdr_date),
    created: at(f.created_at),
    published: at(f.published_at),
    computedTotPayments: Number(f.computed_tot),
    computedSumPayments: formatAmount(Number(f.computed_sum_cents)),
  };
}
