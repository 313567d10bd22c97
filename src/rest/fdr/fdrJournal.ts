import type { Request, RequestHandler, Response } from 'express';
import type { NodoContext } from '../../nodo/context';
import { journalRest, type RestJournalKeys } from '../restJournal';

/**
 * Every FdR REST exchange in the journal (issue 14 item 7), as `fdr-psp.<operationId>` / `fdr-org.<operationId>`
 * (the official files' operationIds without the controller prefix), filed under the PSP and the EC it names,
 * with FDR's appErrorCode as the fault of a refused call.
 */
export const FDR_OPERATIONS: Record<string, string> = {
  'POST /psps/:pspId/fdrs/:fdr': 'fdr-psp.createEmptyFlow',
  'PUT /psps/:pspId/fdrs/:fdr/payments/add': 'fdr-psp.addPaymentToExistingFlow',
  'PUT /psps/:pspId/fdrs/:fdr/payments/del': 'fdr-psp.deletePaymentFromExistingFlow',
  'POST /psps/:pspId/fdrs/:fdr/publish': 'fdr-psp.publishFlow',
  'DELETE /psps/:pspId/fdrs/:fdr': 'fdr-psp.deleteExistingFlow',
  'GET /psps/:pspId/created': 'fdr-psp.getAllFlowsNotInPublishedStatus',
  'GET /psps/:pspId/created/fdrs/:fdr/organizations/:organizationId': 'fdr-psp.getSingleFlowNotInPublishedStatus',
  'GET /psps/:pspId/created/fdrs/:fdr/organizations/:organizationId/payments': 'fdr-psp.getPaymentsForFlowNotInPublishedStatus',
  'GET /psps/:pspId/published': 'fdr-psp.getAllFlowsInPublishedStatus',
  'GET /psps/:pspId/published/fdrs/:fdr/revisions/:revision/organizations/:organizationId': 'fdr-psp.getSingleFlowInPublishedStatus',
  'GET /psps/:pspId/published/fdrs/:fdr/revisions/:revision/organizations/:organizationId/payments': 'fdr-psp.getPaymentsForFlowInPublishedStatus',
  'GET /organizations/:organizationId/fdrs': 'fdr-org.getAllPublishedFlows',
  'GET /organizations/:organizationId/fdrs/:fdr/revisions/:revision/psps/:pspId': 'fdr-org.getSinglePublishedFlow',
  'GET /organizations/:organizationId/fdrs/:fdr/revisions/:revision/psps/:pspId/payments': 'fdr-org.getPaymentsFromPublishedFlow',
};

export const FDR_JOURNAL_OPERATIONS: readonly string[] = [...new Set(Object.values(FDR_OPERATIONS)), 'fdr-psp', 'fdr-org'];

/** The journal middleware of one FdR router (`api`: which one, for calls that match no route). */
export function journalFdr(ctx: NodoContext, api: 'fdr-psp' | 'fdr-org'): RequestHandler {
  // the route is known once the answer is out (express sets req.route on the matching layer)
  const operation = (req: Request) => FDR_OPERATIONS[`${req.method} ${(req.route as { path?: string } | undefined)?.path}`] ?? api;
  return journalRest(ctx.journal, ctx.clock, operation, keysOf);
}

function keysOf(req: Request, res: Response, body: string): RestJournalKeys {
  // params of the matched route; for a call refused before routing, read them off the path
  const p = { ...fromPath(req.originalUrl), ...(req.params as Record<string, string>) };
  const keys: RestJournalKeys = {};
  if (p.pspId) keys.idPsp = p.pspId;
  if (p.organizationId) keys.fiscalCode = p.organizationId;
  if (res.statusCode >= 300) {
    const code = /"appErrorCode":"(FDR-\d{4})"/.exec(body)?.[1];
    if (code) keys.faultCode = code;
  }
  return keys;
}

function fromPath(url: string): Record<string, string> {
  const path = url.split('?')[0] ?? '';
  const out: Record<string, string> = {};
  const psp = /\/psps\/([^/]+)/.exec(path)?.[1];
  const org = /\/organizations\/([^/]+)/.exec(path)?.[1];
  if (psp) out.pspId = decodeURIComponent(psp);
  if (org) out.organizationId = decodeURIComponent(org);
  return out;
}
