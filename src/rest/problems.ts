import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from '../log';

/**
 * Every kind of error the REST side answers (RFC 7807 problem JSON), in one table: express routes, the
 * payments-pull handler, the mock EC's control API and the SOAP paths' ?wsdl errors all render from here.
 * A kind's `type` is a stable identifier (absolute, as the official ProblemJson schemas want a `uri`);
 * the same path on a running emulator (GET /problems/<kind>) serves its page. Statuses follow the
 * official OpenAPI files where they fix one: they define no 415 for ACA/GPD/carts, so a wrong
 * Content-Type there is `bad-body` (400); ACA's own titles have kinds of their own.
 */
export const PROBLEMS = {
  'bad-parameter': {
    status: 400,
    title: 'Bad Request',
    about: 'A query or path parameter is missing, repeated, unknown, out of range or not of its type; the detail names it and says what it must be.',
  },
  'bad-body': {
    status: 400,
    title: 'Bad Request',
    about: 'The request body is not JSON, not of the Content-Type the API takes, or violates the schema; the detail names the field.',
  },
  'bad-request': {
    status: 400,
    title: 'Bad Request',
    about: 'The request cannot be read for another reason: a Host header that is not host[:port], a malformed %-escape, an unsupported charset or Content-Encoding.',
  },
  'invalid-tax-code': {
    status: 400,
    title: 'Invalid tax code',
    about: 'payments-pull (PPL_601): x-tax-code is missing or is not the 16-character fiscal code of a natural person.',
  },
  unauthenticated: {
    status: 401,
    title: 'Unauthorized',
    about:
      'No credentials, or unknown ones: a missing or unknown subscription key (Ocp-Apim-Subscription-Key header or subscription-key query parameter), or a key not subscribed to this API (a non-PSP key on the Backoffice External PSP API).',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    about: 'The credentials are valid but may not do this (a key acting for another creditor institution or EC broker), or a cross-site request to the operator API.',
  },
  'not-found': { status: 404, title: 'Not Found', about: 'No such resource: an unknown path, or an id that names nothing.' },
  'method-not-allowed': { status: 405, title: 'Method Not Allowed', about: 'The path exists but not with this method; the Allow header lists the methods it takes.' },
  conflict: {
    status: 409,
    title: 'Conflict',
    about: 'The resource is not in a state that allows this (a duplicate iupd or nav, a paid position, a receipt being delivered right now).',
  },
  'aca-unauthorized-action': {
    status: 409,
    title: 'Unauthorized action',
    about: 'ACA paCreatePosition on a debt position it may not change (created through GPD, or no longer editable): the title pagopa-aca-service gives it.',
  },
  'bizevents-not-found': {
    status: 404,
    title: 'Biz Event not found',
    about:
      "biz-events (BZ_404_001/BZ_404_002): no receipt of an OK payment for this creditor institution and IUR (and IUV); the title and detail are the service's own, its `code` says which lookup.",
  },
  'payload-too-large': { status: 413, title: 'Payload Too Large', about: 'The request body exceeds the size this endpoint reads.' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type', about: 'The operator API reads JSON bodies only (Content-Type: application/json).' },
  unprocessable: {
    status: 422,
    title: 'Unprocessable Entity',
    about:
      "The request is well formed but cannot be acted on: a cart notice the node would refuse (the detail carries the PPT fault code), a repeated notice, an IUV outside the broker's segregation codes.",
  },
  'bizevents-not-unique': {
    status: 422,
    title: 'Biz Event is not unique',
    about: "biz-events (BZ_422_001/BZ_422_002): more than one receipt matches. The emulator's IUR is the payment token, unique by construction, so it never answers this today.",
  },
  'aca-unprocessable': {
    status: 422,
    title: 'Unprocessable request',
    about: 'ACA paCreatePosition for a creditor institution without a registered IBAN: the title pagopa-aca-service gives it.',
  },
  internal: {
    status: 500,
    title: 'Internal Server Error',
    about: "Something unexpected failed on the emulator's side; the detail carries a request id to find in the emulator log.",
  },
  unavailable: { status: 503, title: 'Service Unavailable', about: 'The emulator is still starting, or the part that would serve this (the receipt worker) is not running.' },
} as const satisfies Record<string, { status: number; title: string; about: string }>;

export type ProblemKind = keyof typeof PROBLEMS;

export const PROBLEM_TYPE_BASE = 'https://pagopa-node-emulator/problems/';
export const problemType = (kind: ProblemKind) => PROBLEM_TYPE_BASE + kind;
export const isProblemKind = (s: string): s is ProblemKind => Object.prototype.hasOwnProperty.call(PROBLEMS, s);

export interface ProblemExtra {
  /** payments-pull's AppErrorCodeEnum (PPL_600 ...): the `instance` of every ProblemJson it answers */
  instance?: string;
  /** biz-events' ProblemJson carries its error code (BZ_404_001 ...) in `code` */
  code?: string;
  /** extra response headers (Allow for a 405) */
  headers?: Record<string, string>;
  /** payments-pull declares its errors as application/json: its official files win over RFC 7807's type */
  contentType?: 'application/json';
}

/** What a handler throws; the express error middleware (problemMiddleware) renders it. */
export class ProblemError extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly extra: ProblemExtra = {},
  ) {
    super(detail);
  }
}

/** The one writer of problem JSON, for express and plain node:http responses alike. */
export function writeProblem(res: http.ServerResponse, kind: ProblemKind, detail?: string, extra: ProblemExtra = {}): void {
  const { status, title } = PROBLEMS[kind];
  const body = JSON.stringify({
    type: problemType(kind),
    title,
    status,
    ...(detail !== undefined ? { detail } : {}),
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.code ? { code: extra.code } : {}),
  });
  res.writeHead(status, {
    ...extra.headers,
    'Content-Type': extra.contentType ?? 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Something unexpected: logged with a fresh request id (and the stack), answered 500 with that id and
 * nothing else about it. Returns the id.
 */
export function writeInternal(res: http.ServerResponse, log: Logger, where: string, err: unknown, extra: ProblemExtra & { detail?: string } = {}): string {
  const requestId = randomUUID();
  log.error(`${where} failed`, { requestId, error: (err as Error)?.stack ?? String(err) });
  if (!res.headersSent) writeProblem(res, 'internal', extra.detail ?? `unexpected error (request id ${requestId}); see the emulator log`, extra);
  return requestId;
}

/**
 * The operator APIs (/admin, the mock EC's control API) read JSON only: the 415's detail for any other
 * Content-Type, undefined for JSON. Refusing text/plain also keeps cross-site "simple" POSTs out.
 */
export function notJson(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || (type !== undefined && /^application\/[\w.+-]+\+json$/.test(type))) return undefined;
  return `Content-Type must be application/json (got ${contentType ? JSON.stringify(contentType) : 'none'})`;
}
