import type { Knex } from 'knex';

/**
 * The one store of reporting flows (spec reporting.md §11): REST drafts and publications, SOAP flows and the
 * flows the node generates, with their payments. Not a hot path: knex throughout, every change in the
 * caller's transaction. Identity is (PSP, name, revision); at most one draft per (PSP, name) (the unique
 * `draft_name`), so two processes creating the same flow at once get one draft and one unique violation
 * (`isUniqueViolation`), and a revision number is never given twice (unique (psp_id, name, revision)).
 */
export type FlowStatus = 'CREATED' | 'INSERTED' | 'PUBLISHED';
export type FlowOrigin = 'REST' | 'SOAP' | 'GENERATED';
export type PayStatus = 'EXECUTED' | 'REVOKED' | 'STAND_IN' | 'STAND_IN_NO_RPT' | 'NO_RPT';
export const PAY_STATUSES: readonly PayStatus[] = ['EXECUTED', 'REVOKED', 'NO_RPT', 'STAND_IN', 'STAND_IN_NO_RPT'];

export interface FlowSender {
  type: 'LEGAL_PERSON' | 'ABI_CODE' | 'BIC_CODE';
  id: string;
  pspId: string;
  pspName?: string;
  pspBrokerId: string;
  channelId: string;
  /** deprecated, unchecked, stored and echoed (FDR) */
  password?: string;
}

export interface FlowReceiver {
  id: string;
  organizationId: string;
  organizationName?: string;
}

/** What the sender declares about the flow (CreateFlowRequest without its name and date). */
export interface FlowHeader {
  sender: FlowSender;
  receiver: FlowReceiver;
  regulation: string;
  /** yyyy-MM-dd */
  regulationDate: string;
  bicCodePouringBank?: string;
  totPayments: number;
  sumPaymentsCents: number;
}

export interface Flow {
  id: number;
  pspId: string;
  name: string;
  revision: number;
  status: FlowStatus;
  isLatest: boolean;
  orgId: string;
  /** epoch ms */
  fdrDate: number;
  /** fdrDate / dataOraFlusso as sent */
  fdrDateText: string;
  header: FlowHeader;
  computedTot: number;
  computedSumCents: number;
  origin: FlowOrigin;
  xml: string | null;
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
}

export interface FlowPayment {
  index: number;
  iuv: string;
  iur: string;
  idTransfer: number;
  payCents: number;
  payStatus: PayStatus;
  /** epoch ms */
  payDate: number;
}

export interface NewFlow {
  pspId: string;
  name: string;
  orgId: string;
  fdrDate: number;
  fdrDateText: string;
  header: FlowHeader;
  origin: FlowOrigin;
}

export interface Page<T> {
  count: number;
  rows: T[];
}

interface FlowRow {
  id: number;
  psp_id: string;
  name: string;
  revision: number;
  status: FlowStatus;
  is_latest: boolean | number;
  draft_name: string | null;
  org_id: string;
  fdr_date: number | string;
  fdr_date_text: string;
  header: string;
  computed_tot: number;
  computed_sum_cents: number | string;
  origin: FlowOrigin;
  xml: string | null;
  created_at: number | string;
  updated_at: number | string;
  published_at: number | string | null;
}

interface PaymentRow {
  flow_id: number;
  idx: number;
  iuv: string;
  iur: string;
  id_transfer: number;
  pay_cents: number | string;
  pay_status: PayStatus;
  pay_date: number | string;
}

const FLOWS = 'reporting_flows';
const PAYMENTS = 'reporting_flow_payments';
// PostgreSQL returns bigint columns as strings
const num = (v: number | string) => Number(v);

function toFlow(r: FlowRow): Flow {
  return {
    id: r.id,
    pspId: r.psp_id,
    name: r.name,
    revision: r.revision,
    status: r.status,
    isLatest: r.is_latest === true || r.is_latest === 1,
    orgId: r.org_id,
    fdrDate: num(r.fdr_date),
    fdrDateText: r.fdr_date_text,
    header: JSON.parse(r.header) as FlowHeader,
    computedTot: r.computed_tot,
    computedSumCents: num(r.computed_sum_cents),
    origin: r.origin,
    xml: r.xml,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    publishedAt: r.published_at === null ? null : num(r.published_at),
  };
}

const toPayment = (r: PaymentRow): FlowPayment => ({
  index: r.idx,
  iuv: r.iuv,
  iur: r.iur,
  idTransfer: r.id_transfer,
  payCents: num(r.pay_cents),
  payStatus: r.pay_status,
  payDate: num(r.pay_date),
});

const paymentRow = (flowId: number, p: FlowPayment): PaymentRow => ({
  flow_id: flowId,
  idx: p.index,
  iuv: p.iuv,
  iur: p.iur,
  id_transfer: p.idTransfer,
  pay_cents: p.payCents,
  pay_status: p.payStatus,
  pay_date: p.payDate,
});

/** A unique-index violation on either engine: a concurrent writer got there first. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** The draft (CREATED or INSERTED) of (PSP, name), if any. */
export async function findDraft(q: Knex | Knex.Transaction, pspId: string, name: string): Promise<Flow | undefined> {
  const r = await q<FlowRow>(FLOWS).where({ psp_id: pspId, draft_name: name }).first();
  return r && toFlow(r);
}

/**
 * The draft of (PSP, name), locked for the rest of the transaction (a no-op update takes PostgreSQL's row lock;
 * SQLite writers are serialised anyway): two processes adding to, publishing or deleting one draft at once
 * run one after the other, and the second sees what the first left (no draft any more → FDR-3001).
 */
export async function lockDraft(trx: Knex.Transaction, pspId: string, name: string): Promise<Flow | undefined> {
  const n = await trx(FLOWS)
    .where({ psp_id: pspId, draft_name: name })
    .update({ draft_name: trx.ref('draft_name') });
  return n ? findDraft(trx, pspId, name) : undefined;
}

/** The latest published revision of (PSP, name), if any. */
export async function latestPublished(q: Knex | Knex.Transaction, pspId: string, name: string): Promise<Flow | undefined> {
  const r = await q<FlowRow>(FLOWS).where({ psp_id: pspId, name, status: 'PUBLISHED' }).orderBy('revision', 'desc').first();
  return r && toFlow(r);
}

export async function findPublished(q: Knex | Knex.Transaction, pspId: string, name: string, revision: number): Promise<Flow | undefined> {
  const r = await q<FlowRow>(FLOWS).where({ psp_id: pspId, name, revision, status: 'PUBLISHED' }).first();
  return r && toFlow(r);
}

/** A new draft, revision = the last published one + 1 (or 1). Throws a unique violation if a draft exists. */
export async function createDraft(trx: Knex.Transaction, f: NewFlow, now: number): Promise<Flow> {
  const last = await trx(FLOWS).where({ psp_id: f.pspId, name: f.name }).max<{ m: number | null }>('revision as m').first();
  const row: Omit<FlowRow, 'id'> = {
    psp_id: f.pspId,
    name: f.name,
    revision: (last?.m ?? 0) + 1,
    status: 'CREATED',
    is_latest: false,
    draft_name: f.name,
    org_id: f.orgId,
    fdr_date: f.fdrDate,
    fdr_date_text: f.fdrDateText,
    header: JSON.stringify(f.header),
    computed_tot: 0,
    computed_sum_cents: 0,
    origin: f.origin,
    xml: null,
    created_at: now,
    updated_at: now,
    published_at: null,
  };
  const [inserted] = await trx(FLOWS).insert(row).returning('id');
  const id = typeof inserted === 'object' ? (inserted as { id: number }).id : (inserted as number);
  return toFlow({ ...row, id });
}

/** The indexes among `indexes` that the flow already has. */
export async function existingIndexes(q: Knex | Knex.Transaction, flowId: number, indexes: number[]): Promise<number[]> {
  const found: number[] = [];
  for (let i = 0; i < indexes.length; i += 500) {
    const rows = await q<PaymentRow>(PAYMENTS)
      .where({ flow_id: flowId })
      .whereIn('idx', indexes.slice(i, i + 500))
      .select('idx');
    found.push(...rows.map((r) => r.idx));
  }
  return found.sort((a, b) => a - b);
}

/** Adds payments (indexes checked new by the caller); the flow becomes INSERTED with updated totals. */
export async function addPayments(trx: Knex.Transaction, flow: Flow, payments: FlowPayment[], now: number): Promise<void> {
  for (let i = 0; i < payments.length; i += 200) await trx(PAYMENTS).insert(payments.slice(i, i + 200).map((p) => paymentRow(flow.id, p)));
  const sum = payments.reduce((s, p) => s + p.payCents, 0);
  await trx(FLOWS)
    .where({ id: flow.id })
    .update({ status: 'INSERTED', computed_tot: trx.raw('computed_tot + ?', [payments.length]), computed_sum_cents: trx.raw('computed_sum_cents + ?', [sum]), updated_at: now });
}

/** Removes payments by index (all checked present by the caller); the status stays INSERTED (FDR quirk). */
export async function deletePayments(trx: Knex.Transaction, flow: Flow, indexes: number[], now: number): Promise<void> {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < indexes.length; i += 500) {
    const chunk = indexes.slice(i, i + 500);
    const rows = await trx<PaymentRow>(PAYMENTS).where({ flow_id: flow.id }).whereIn('idx', chunk).select('pay_cents');
    count += rows.length;
    sum += rows.reduce((s, r) => s + num(r.pay_cents), 0);
    await trx(PAYMENTS).where({ flow_id: flow.id }).whereIn('idx', chunk).del();
  }
  await trx(FLOWS)
    .where({ id: flow.id })
    .update({ computed_tot: trx.raw('computed_tot - ?', [count]), computed_sum_cents: trx.raw('computed_sum_cents - ?', [sum]), updated_at: now });
}

/** Publishes a draft with its flow XML: the previous latest revision stops being the latest. */
export async function publish(trx: Knex.Transaction, flow: Flow, xml: string, now: number): Promise<void> {
  await trx(FLOWS).where({ psp_id: flow.pspId, name: flow.name, is_latest: true }).update({ is_latest: false });
  await trx(FLOWS).where({ id: flow.id }).update({ status: 'PUBLISHED', is_latest: true, draft_name: null, xml, published_at: now, updated_at: now });
}

export async function deleteDraft(trx: Knex.Transaction, flow: Flow): Promise<void> {
  await trx(PAYMENTS).where({ flow_id: flow.id }).del();
  await trx(FLOWS).where({ id: flow.id }).del();
}

/**
 * A flow stored published in one go (SOAP nodoInviaFlussoRendicontazione, the generator): a new revision with
 * its payments and XML, the latest of its name. Throws a unique violation if another writer took the revision.
 */
export async function insertPublished(trx: Knex.Transaction, f: NewFlow, payments: FlowPayment[], xml: string, now: number): Promise<Flow> {
  const draft = await createDraft(trx, f, now);
  // the draft row exists only inside this transaction: nobody else can see or take it
  if (payments.length) await addPayments(trx, draft, payments, now);
  await publish(trx, draft, xml, now);
  return (await trx<FlowRow>(FLOWS)
    .where({ id: draft.id })
    .first()
    .then((r) => r && toFlow(r)))!;
}

const page = (q: Knex.QueryBuilder, pageNumber: number, size: number) => q.offset((pageNumber - 1) * size).limit(size);

/** A PSP's drafts, by name (GET /psps/{pspId}/created). */
export async function listDrafts(q: Knex, pspId: string, createdGt: number | undefined, pageNumber: number, size: number): Promise<Page<Flow>> {
  const base = () => {
    const b = q<FlowRow>(FLOWS).where({ psp_id: pspId }).whereNot({ status: 'PUBLISHED' });
    return createdGt === undefined ? b : b.where('created_at', '>', createdGt);
  };
  const [{ n }] = (await base().count<{ n: number | string }[]>('* as n')) as { n: number | string }[];
  const rows = await page(base().orderBy('name'), pageNumber, size);
  return { count: Number(n), rows: rows.map(toFlow) };
}

/** A PSP's published revisions, all of them, by name then revision (GET /psps/{pspId}/published). */
export async function listPublishedByPsp(
  q: Knex,
  pspId: string,
  orgId: string | undefined,
  publishedGt: number | undefined,
  pageNumber: number,
  size: number,
): Promise<Page<Flow>> {
  const base = () => {
    let b = q<FlowRow>(FLOWS).where({ psp_id: pspId, status: 'PUBLISHED' });
    if (orgId !== undefined) b = b.where({ org_id: orgId });
    if (publishedGt !== undefined) b = b.where('published_at', '>', publishedGt);
    return b;
  };
  const [{ n }] = (await base().count<{ n: number | string }[]>('* as n')) as { n: number | string }[];
  const rows = await page(base().orderBy('name').orderBy('revision'), pageNumber, size);
  return { count: Number(n), rows: rows.map(toFlow) };
}

/** An EC's latest published flows (GET /organizations/{organizationId}/fdrs), by fdrDate then name. */
export async function listLatestByOrg(
  q: Knex,
  orgId: string,
  f: { pspId?: string; publishedGt: number; flowDateGt: number },
  pageNumber: number,
  size: number,
): Promise<Page<Flow>> {
  const base = () => {
    let b = q<FlowRow>(FLOWS).where({ org_id: orgId, status: 'PUBLISHED', is_latest: true }).where('published_at', '>', f.publishedGt).where('fdr_date', '>', f.flowDateGt);
    if (f.pspId !== undefined) b = b.where({ psp_id: f.pspId });
    return b;
  };
  const [{ n }] = (await base().count<{ n: number | string }[]>('* as n')) as { n: number | string }[];
  const rows = await page(base().orderBy('fdr_date').orderBy('name'), pageNumber, size);
  return { count: Number(n), rows: rows.map(toFlow) };
}

/** A flow's payments by index, a page of them. */
export async function listPayments(q: Knex, flowId: number, pageNumber: number, size: number): Promise<Page<FlowPayment>> {
  const [{ n }] = (await q(PAYMENTS).where({ flow_id: flowId }).count<{ n: number | string }[]>('* as n')) as { n: number | string }[];
  const rows = await page(q<PaymentRow>(PAYMENTS).where({ flow_id: flowId }).orderBy('idx'), pageNumber, size);
  return { count: Number(n), rows: rows.map(toPayment) };
}

/** Every payment of a flow, by index (to build its XML). */
export async function allPayments(q: Knex | Knex.Transaction, flowId: number): Promise<FlowPayment[]> {
  return (await q<PaymentRow>(PAYMENTS).where({ flow_id: flowId }).orderBy('idx')).map(toPayment);
}

/**
 * The latest published flows of some ECs since a time, for nodoChiediElencoFlussiRendicontazione (spec §5.5):
 * one per (name), the one with the latest fdrDate.
 */
export async function latestFlowsOf(q: Knex, orgIds: string[], f: { pspId?: string; fdrDateFrom: number }): Promise<Flow[]> {
  if (orgIds.length === 0) return [];
  let b = q<FlowRow>(FLOWS).where({ status: 'PUBLISHED', is_latest: true }).whereIn('org_id', orgIds).where('fdr_date', '>=', f.fdrDateFrom);
  if (f.pspId !== undefined) b = b.where({ psp_id: f.pspId });
  return (await b.orderBy('fdr_date').orderBy('name')).map(toFlow);
}

/** The latest published flow of a name (spec §5.6: no time window), narrowed to an EC and a PSP when given. */
export async function latestFlowNamed(q: Knex, name: string, f: { orgId?: string; pspId?: string }): Promise<Flow | undefined> {
  let b = q<FlowRow>(FLOWS).where({ name, status: 'PUBLISHED' });
  if (f.orgId !== undefined) b = b.where({ org_id: f.orgId });
  if (f.pspId !== undefined) b = b.where({ psp_id: f.pspId });
  const r = await b.orderBy('fdr_date', 'desc').orderBy('revision', 'desc').first();
  return r && toFlow(r);
}

/** Every published revision of (PSP, name), oldest first (nodoInviaFlussoRendicontazione's resend and overwrite checks, spec §5.3). */
export async function publishedRevisions(q: Knex | Knex.Transaction, pspId: string, name: string): Promise<Flow[]> {
  return (await q<FlowRow>(FLOWS).where({ psp_id: pspId, name, status: 'PUBLISHED' }).orderBy('revision')).map(toFlow);
}
