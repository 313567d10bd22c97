import type { Response } from 'express';
import { formatAmount } from '../../nodo/money';
import type { Flow, FlowPayment, Page } from '../../store/reportingFlows';

/**
 * The fdr-org answers in fdr_organization.json's shapes (spec reporting.md §3, §4). Amounts are JSON numbers
 * written with two decimals (`100.00`, as FDR's BigDecimal serializer writes them), which JSON.stringify
 * cannot do: they travel as a marked string and are unquoted once the body is serialized.
 */
const AMOUNT = '\u0000amount:';
const amount = (cents: number) => `${AMOUNT}${formatAmount(cents)}`;

/** Java Instant.toString: ISO UTC, milliseconds only when not zero (`2025-03-11T06:30:00Z`). */
export const instant = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function sendFdrJson(res: Response, body: unknown): void {
  // the marker contains \u0000, which JSON.stringify escapes as \\u0000: nothing a client sent can forge it
  const text = JSON.stringify(body).replace(/"\\u0000amount:(\d+\.\d{2})"/g, '$1');
  res.status(200).type('application/json').send(text);
}

export function paginated<T>(page: Page<T>, pageNumber: number, size: number, item: (t: T) => unknown) {
  return {
    metadata: { pageSize: size, pageNumber, totPage: Math.ceil(page.count / size) },
    count: page.count,
    data: page.rows.map(item),
  };
}

/** FlowByPSP: an item of GET /organizations/{organizationId}/fdrs */
export const flowByPsp = (f: Flow) => ({ fdr: f.name, pspId: f.pspId, revision: f.revision, published: instant(f.publishedAt ?? f.updatedAt), flowDate: instant(f.fdrDate) });

/** SingleFlowResponse */
export function singleFlow(f: Flow) {
  const h = f.header;
  return {
    status: f.status,
    revision: f.revision,
    created: instant(f.createdAt),
    updated: instant(f.updatedAt),
    fdr: f.name,
    fdrDate: instant(f.fdrDate),
    regulation: h.regulation,
    regulationDate: h.regulationDate.slice(0, 10),
    ...(h.bicCodePouringBank !== undefined ? { bicCodePouringBank: h.bicCodePouringBank } : {}),
    sender: {
      type: h.sender.type,
      id: h.sender.id,
      pspId: h.sender.pspId,
      // a SOAP flow may have no denominazioneMittente: the node's convert writes three spaces
      pspName: h.sender.pspName ?? '   ',
      pspBrokerId: h.sender.pspBrokerId,
      channelId: h.sender.channelId,
      ...(h.sender.password !== undefined ? { password: h.sender.password } : {}),
    },
    receiver: { id: h.receiver.id, organizationId: h.receiver.organizationId, organizationName: h.receiver.organizationName ?? h.receiver.organizationId },
    ...(f.publishedAt !== null ? { published: instant(f.publishedAt) } : {}),
    computedTotPayments: f.computedTot,
    computedSumPayments: amount(f.computedSumCents),
    totPayments: h.totPayments,
    sumPayments: amount(h.sumPaymentsCents),
  };
}

/** Payment */
export const paymentView = (p: FlowPayment) => ({
  index: p.index,
  iuv: p.iuv,
  iur: p.iur,
  idTransfer: p.idTransfer,
  pay: amount(p.payCents),
  payStatus: p.payStatus,
  payDate: instant(p.payDate),
});
