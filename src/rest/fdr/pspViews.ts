import type { Flow, FlowPayment, Page } from '../../store/reportingFlows';
import { Cents, javaInstant } from './fdrJson';

/**
 * The fdr-psp answers (fdr_psp.json SingleFlowCreatedResponse, SingleFlowResponse, FlowByCICreated,
 * FlowByCIPublished, PaginatedPaymentsResponse): instants as Java's Instant.toString, amounts as `Cents`
 * (two-decimal JSON numbers), `sender.password` echoed as stored (FDR quirk).
 */
export function singleFlowView(f: Flow) {
  const h = f.header;
  return {
    status: f.status,
    revision: f.revision,
    created: javaInstant(f.createdAt),
    updated: javaInstant(f.updatedAt),
    fdr: f.name,
    fdrDate: javaInstant(f.fdrDate),
    regulation: h.regulation,
    regulationDate: h.regulationDate,
    ...(h.bicCodePouringBank !== undefined ? { bicCodePouringBank: h.bicCodePouringBank } : {}),
    sender: h.sender,
    receiver: h.receiver,
    ...(f.publishedAt !== null ? { published: javaInstant(f.publishedAt) } : {}),
    computedTotPayments: f.computedTot,
    computedSumPayments: new Cents(f.computedSumCents),
    totPayments: h.totPayments,
    sumPayments: new Cents(h.sumPaymentsCents),
  };
}

export const createdItemView = (f: Flow) => ({ fdr: f.name, organizationId: f.orgId, revision: f.revision, created: javaInstant(f.createdAt) });

export const publishedItemView = (f: Flow) => ({ fdr: f.name, organizationId: f.orgId, revision: f.revision, published: javaInstant(f.publishedAt ?? f.updatedAt) });

export const paymentView = (p: FlowPayment) => ({
  index: p.index,
  iuv: p.iuv,
  iur: p.iur,
  idTransfer: p.idTransfer,
  pay: new Cents(p.payCents),
  payStatus: p.payStatus,
  payDate: javaInstant(p.payDate),
});

/** `{metadata:{pageSize, pageNumber, totPage}, count, data}`: count is every match, not this page's. */
export function pageView<T, V>(page: Page<T>, pageNumber: number, pageSize: number, view: (t: T) => V) {
  return { metadata: { pageSize, pageNumber, totPage: Math.ceil(page.count / pageSize) }, count: page.count, data: page.rows.map(view) };
}
