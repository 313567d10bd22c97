import type { NodoContext } from '../context';
import type { PaymentData } from '../types';
import { flowXml } from './flowXml';
import { addDays, romeDate, romeMidnight } from './romeDay';
import { insertPublished, type FlowHeader, type FlowPayment } from '../../store/reportingFlows';
import { markReported } from '../../store/gpdReporting';

/** A flow the generator made, or one it did not make again (see `skipped`). */
export interface GeneratedFlow {
  fdr: string;
  pspId: string;
  organizationId: string;
  revision: number;
  payments: number;
  sumCents: number;
  /** transfers of the archive moved to T_REPORTED by this flow (spec §8) */
  reportedTransfers: number;
}

export interface GenerationResult {
  job: 'generateReportingFlows';
  /** the operating day D whose payments were reported */
  date: string;
  processed: number;
  flows: GeneratedFlow[];
  /** (PSP, EC) groups of D that already had a generated flow: running the job again never duplicates one */
  skipped: { pspId: string; organizationId: string; fdr: string }[];
}

interface PaidToken {
  token: string;
  id_psp: string;
  id_broker_psp: string;
  id_channel: string;
  payment_json: string;
  outcome_at: number | string;
}

/**
 * The flows a PSP would publish for the node's own OK payments of operating day D (spec reporting.md §6):
 * one per (PSP, receiving EC), named `<D+1><idPSP>-<seq>`, one row per transfer (stamps excluded: they
 * move no money to the EC), iur = the receiptId (the paymentToken), payStatus STAND_IN for a receipt paid
 * in Stand-In. Each flow is stored published (origin GENERATED) with its XML, and marks the GPD transfers
 * it names as reported, in one transaction per flow. A (PSP, EC, D) that already has a generated flow is
 * skipped, so the job is safe to run again (by hand, or by the daily schedule).
 */
export async function generateReportingFlows(ctx: NodoContext, date?: string): Promise<GenerationResult> {
  const now = ctx.clock.now().getTime();
  const day = date ?? addDays(romeDate(now), -1);
  const from = romeMidnight(day);
  const to = romeMidnight(addDays(day, 1));
  const flowDay = addDays(day, 1);
  const knex = ctx.db.knex;
  const paid: PaidToken[] = await knex('payment_tokens')
    .where('outcome', 'OK')
    .where('outcome_at', '>=', from)
    .where('outcome_at', '<', to)
    .orderBy('outcome_at')
    .orderBy('token')
    .select('token', 'id_psp', 'id_broker_psp', 'id_channel', 'payment_json', 'outcome_at');

  const groups = new Map<string, { pspId: string; orgId: string; first: PaidToken; rows: Omit<FlowPayment, 'index'>[] }>();
  for (const t of paid) {
    const data = JSON.parse(t.payment_json) as PaymentData;
    for (const tr of data.transfers) {
      if (tr.richiestaMarcaDaBollo) continue;
      const key = `${t.id_psp}|${tr.fiscalCodePA}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { pspId: t.id_psp, orgId: tr.fiscalCodePA, first: t, rows: [] }));
      g.rows.push({
        // a secondary EC's row carries the primary EC's IUV: the notice's creditorReferenceId
        iuv: data.creditorReferenceId,
        iur: t.token,
        idTransfer: tr.idTransfer,
        payCents: tr.transferAmountCents,
        payStatus: data.standin ? 'STAND_IN' : 'EXECUTED',
        payDate: Number(t.outcome_at),
      });
    }
  }

  const result: GenerationResult = { job: 'generateReportingFlows', date: day, processed: 0, flows: [], skipped: [] };
  const reg = ctx.registry();
  for (const g of [...groups.values()].sort((a, b) => (a.pspId + a.orgId).localeCompare(b.pspId + b.orgId))) {
    const prefix = `${flowDay}${g.pspId}-`;
    const done = await knex('reporting_flows')
      .where({ psp_id: g.pspId, org_id: g.orgId, origin: 'GENERATED' })
      .where('name', 'like', `${prefix}%`)
      .first<{ name: string } | undefined>('name');
    if (done) {
      result.skipped.push({ pspId: g.pspId, organizationId: g.orgId, fdr: done.name });
      continue;
    }
    const psp = reg.psp(g.pspId);
    const ec = reg.creditorInstitution(g.orgId);
    const payments: FlowPayment[] = g.rows.map((r, i) => ({ ...r, index: i + 1 }));
    const sumCents = payments.reduce((s, p) => s + p.payCents, 0);
    const stored = await knex.transaction(async (trx) => {
      const taken = new Set((await trx('reporting_flows').where({ psp_id: g.pspId }).where('name', 'like', `${prefix}%`).distinct('name')).map((r: { name: string }) => r.name));
      let seq = taken.size + 1;
      while (taken.has(`${prefix}${String(seq).padStart(4, '0')}`)) seq++;
      const name = `${prefix}${String(seq).padStart(4, '0')}`;
      const header: FlowHeader = {
        sender: {
          type: 'LEGAL_PERSON',
          id: psp?.taxCode ?? g.pspId,
          pspId: g.pspId,
          // FlussoRiversamento denominazioneMittente and REST pspName are 3..70 characters
          pspName: (psp?.businessName ?? g.pspId).padEnd(3).slice(0, 70),
          pspBrokerId: g.first.id_broker_psp,
          channelId: g.first.id_channel,
        },
        receiver: { id: g.orgId, organizationId: g.orgId, organizationName: (ec?.businessName ?? g.orgId).slice(0, 140) },
        regulation: `SCT-${flowDay.replace(/-/g, '')}-${g.pspId}-${String(seq).padStart(4, '0')}`.slice(0, 35),
        regulationDate: flowDay,
        ...(psp?.bic ? { bicCodePouringBank: psp.bic } : {}),
        totPayments: payments.length,
        sumPaymentsCents: sumCents,
      };
      const xml = flowXml({ name, fdrDate: now, header, payments });
      const flow = await insertPublished(
        trx,
        { pspId: g.pspId, name, orgId: g.orgId, fdrDate: now, fdrDateText: new Date(now).toISOString(), header, origin: 'GENERATED' },
        payments,
        xml,
        now,
      );
      const reportedTransfers = await markReported(trx, g.orgId, payments, now);
      return { flow, reportedTransfers };
    });
    result.flows.push({
      fdr: stored.flow.name,
      pspId: g.pspId,
      organizationId: g.orgId,
      revision: stored.flow.revision,
      payments: payments.length,
      sumCents,
      reportedTransfers: stored.reportedTransfers,
    });
  }
  result.processed = result.flows.length;
  return result;
}
