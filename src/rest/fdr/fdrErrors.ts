import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../log';

/**
 * The FdR REST APIs' own error catalog (spec reporting.md §3.1; FDR AppErrorCodeMessageEnum, messages.properties):
 * not RFC 7807 but FDR's ErrorResponse `{errorId?, httpStatusCode, httpStatusDescription, appErrorCode,
 * errors[{path?, message}]}`. Messages are MessageFormat templates, filled with strings. Everything the fdr-psp
 * and fdr-org routers refuse is an FdrError rendered by `fdrErrorMiddleware`.
 */
export const FDR_ERRORS = {
  'FDR-0500': [500, 'An unexpected error has occurred. Please contact support.'],
  'FDR-1000': [400, '{0}'],
  'FDR-1001': [400, 'Bad request. Field [{0}] is equals to [{1}] but this is not a valid value.'],
  'FDR-1002': [400, 'Bad request. Field [{0}] is equals to [{1}] but it is expected to be in ISO-8601 format [yyyy-MM-ddTHH:mm:ssZ] (example: [2025-01-01T12:00:00.123000Z]).'],
  'FDR-1003': [400, 'Bad request. Field [{0}] is equals to [{1}] but it is expected to be one of the following values: [{2}].'],
  'FDR-1004': [400, 'Bad request. Field [{0}] generate a deserialization error. Please, set the correct value.'],
  'FDR-1005': [400, 'Bad request. The format of JSON request is not valid.'],
  'FDR-2000': [400, 'PSP with ID [{0}] is invalid or unknown.'],
  'FDR-2001': [400, 'PSP with ID [{0}] is not enabled.'],
  'FDR-2002': [400, 'PSP Broker with ID [{0}] is invalid or unknown.'],
  'FDR-2003': [400, 'PSP Broker with ID [{0}] is not enabled.'],
  'FDR-2004': [400, 'Channel with ID [{0}] is invalid or unknown.'],
  'FDR-2005': [400, 'Channel with ID [{0}] is not enabled.'],
  'FDR-2006': [400, 'Channel with ID [{0}] is not authorized to be used with PSP Broker with ID [{1}].'],
  'FDR-2007': [400, 'Channel with ID [{0}] is not authorized to be used with PSP with ID [{1}].'],
  'FDR-2008': [400, 'Creditor institution with ID [{0}] is invalid or unknown.'],
  'FDR-2009': [400, 'Creditor institution with ID [{0}] is not enabled.'],
  'FDR-3001': [404, 'Flow with ID [{0}] not found.'],
  'FDR-3002': [400, 'Flow with ID [{0}] already exists with [{1}] status.'],
  'FDR-3003': [400, 'Flow with ID [{0}] exists with [{1}] status.'],
  'FDR-3004': [400, 'Flow with ID [{0}] have field sender.pspId [{1}] that does not match with query param [{2}].'],
  'FDR-3005': [400, 'There are one or more identical payment indexes in same request for flow with ID [{0}].'],
  'FDR-3006': [400, 'One or more payment index already added on flow with ID [{0}].'],
  'FDR-3007': [400, 'Index of payment not match with index loaded on flow with ID [{0}].'],
  'FDR-3008': [400, 'Flow identifier [{0}] contains a date that is not compliant.'],
  'FDR-3009': [400, 'Flow identifier [{0}] contains a PSP ID that is not compliant.'],
  'FDR-3010': [400, 'Field fdr [{0}] does not match with query param [{1}].'],
  'FDR-3011': [400, 'Flow [{0}] contains a date that is not compliant. The inserted date [{1}] must be after the date in the last revision [{2}].'],
  'FDR-4001': [400, 'On flow with ID [{0}], [{1}] payments were defined to be added but [{2}] were actually added.'],
  'FDR-4002': [400, 'On flow with ID [{0}], an amount of [{1}] euro for all payments were defined to be added but [{2}] is actually calculated.'],
} as const satisfies Record<string, readonly [number, string]>;

export type FdrCode = keyof typeof FDR_ERRORS;

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error' };

export interface FdrErrorItem {
  path?: string;
  message: string;
}

export class FdrError extends Error {
  readonly status: number;
  readonly errors: FdrErrorItem[];
  /**
   * `args` fill the code's template; FDR-1000 (bean validation) takes its items as given instead, one per
   * violation, sorted by path descending as FDR does. `path` sets errors[0].path (FDR-3006 names the indexes).
   */
  constructor(
    readonly code: FdrCode,
    args: readonly (string | number)[] = [],
    opts: { items?: FdrErrorItem[]; path?: string } = {},
  ) {
    const [status, template] = FDR_ERRORS[code];
    const message = template.replace(/\{(\d)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''));
    super(`${code} ${message}`);
    this.status = status;
    this.errors =
      code === 'FDR-1000' && opts.items
        ? [...opts.items].sort((a, b) => (b.path ?? '').localeCompare(a.path ?? ''))
        : [{ ...(opts.path !== undefined ? { path: opts.path } : {}), message }];
  }
}

export function writeFdrError(res: Response, e: FdrError, errorId?: string): void {
  res
    .status(e.status)
    .type('application/json')
    .send(
      JSON.stringify({
        ...(errorId ? { errorId } : {}),
        httpStatusCode: e.status,
        httpStatusDescription: STATUS_TEXT[e.status] ?? 'Error',
        appErrorCode: e.code,
        errors: e.errors,
      }),
    );
}

/**
 * Renders FdrError as FDR does; a JSON body express could not parse is FDR-1005, another client error express
 * raises a 400 too; anything else is FDR-0500 with an errorId that the log also carries, never a stack trace.
 */
export function fdrErrorMiddleware(log: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    if (err instanceof FdrError) return writeFdrError(res, err);
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') return writeFdrError(res, new FdrError('FDR-1005'));
    // the rest of what express refuses is the client's, never FDR-0500: a body it cannot read (an unsupported
    // charset or encoding) is not a JSON request FDR can read; a malformed %-escape in the path names itself
    if (e.status !== undefined && e.status >= 400 && e.status < 500) {
      return writeFdrError(res, e.type ? new FdrError('FDR-1005') : new FdrError('FDR-1000', [e.message ?? 'Bad request.']));
    }
    const errorId = randomUUID();
    log.error('fdr request failed', { errorId, path: req.path, error: (err as Error)?.stack ?? String(err) });
    writeFdrError(res, new FdrError('FDR-0500'), errorId);
  };
}
