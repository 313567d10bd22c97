import type http from 'node:http';
import type { Logger } from '../log';
import type { Sql } from '../store/sql';
import { groupOptions, positionsByDebtor, type PulledOption, type PulledPosition } from '../store/pull';
import { writeInternal, writeProblem, type ProblemKind } from './problems';
import { boundedInt, INT32_MAX } from './queryParams';

/**
 * The REST twin of paGetPaymentsByDebtor: pagoPA's payments-pull API exactly as published
 * (reference/gpd-payments-pull/openapi.json, spec §9.2), mounted under its public base path.
 * Served straight from node:http like SOAP (app.ts): express costs ~100 µs a request, more than the
 * two indexed reads behind a listing. Same store reads as the SOAP primitive (store/pull.ts).
 */
export const PULL_BASE = '/pagopa-gpd-payments-pull/v1';
export const PULL_PATHS = new Set([`${PULL_BASE}/payment-notices/v1`, `${PULL_BASE}/info`]);

export interface PullDeps {
  read(): Sql;
  log: Logger;
  version: string;
}

/**
 * AppErrorCodeEnum of the PULL service: the `instance` of every ErrorResponse it answers, with the kind
 * of our catalog it is. Its files declare errors as application/json, not application/problem+json.
 */
const ERRORS = {
  PPL_600: { kind: 'bad-parameter', detail: (d: string) => `Bad request: ${d}` },
  PPL_601: { kind: 'invalid-tax-code', detail: (d: string) => `Invalid tax code provided: ${d}` },
} as const satisfies Record<string, { kind: ProblemKind; detail: (d: string) => string }>;
const PULL_ERROR = { contentType: 'application/json' } as const;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function fail(res: http.ServerResponse, code: keyof typeof ERRORS, detail: string): void {
  const e = ERRORS[code];
  writeProblem(res, e.kind, e.detail(detail), { ...PULL_ERROR, instance: code });
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** GET only; anything else on these paths is a 405 in the same ProblemJson shape. */
export function handlePull(deps: PullDeps, req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string): void {
  if (req.method !== 'GET') {
    return writeProblem(res, 'method-not-allowed', `${req.method} is not supported`, { ...PULL_ERROR, instance: 'PPL_600', headers: { Allow: 'GET' } });
  }
  if (path === `${PULL_BASE}/info`) return send(res, 200, { name: 'pagopa-gpd-payments-pull', version: deps.version, environment: 'emulator' });

  const taxCode = req.headers['x-tax-code'];
  // PULL accepts natural persons only: a tax code of exactly 16 characters (ValidationUtil)
  if (typeof taxCode !== 'string' || taxCode.length !== 16) return fail(res, 'PPL_601', typeof taxCode === 'string' ? taxCode : 'x-tax-code header missing');

  const params = new URLSearchParams(query);
  for (const name of ['limit', 'page', 'dueDate']) if (params.getAll(name).length > 1) return fail(res, 'PPL_600', `${name} must be given once`);
  let limit = 50;
  let page = 0;
  let dueDate: string | undefined;
  const l = params.get('limit');
  if (l !== null) {
    // int32, 0 < limit <= 100 (openapi.json)
    const n = boundedInt('limit', l, 1, 100);
    if (typeof n === 'string') return fail(res, 'PPL_600', n);
    limit = n;
  }
  const p = params.get('page');
  if (p !== null) {
    const n = boundedInt('page', p, 0, INT32_MAX);
    if (typeof n === 'string') return fail(res, 'PPL_600', n);
    page = n;
  }
  const d = params.get('dueDate');
  if (d !== null) {
    if (!DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) {
      return fail(res, 'PPL_600', `dueDate must be a date yyyy-MM-dd, got "${d}"`);
    }
    dueDate = d;
  }

  positionsByDebtor(deps.read(), { debtorFiscalCode: taxCode, view: 'UNPAID', limit, page, ...(dueDate ? { dueDateFrom: dueDate } : {}) }).then(
    (found) => send(res, 200, found.positions.map(paymentNotice)),
    (err: Error) => writeInternal(res, deps.log, 'payments pull', err, { ...PULL_ERROR, instance: 'PPL_900', detail: 'An unexpected error has occurred. Please contact support.' }),
  );
}

// LocalDateTime / LocalDate of the PULL service: no zone (Java's LocalDateTime serialisation)
const dateTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const endOfDay = (d: string) => `${d}T23:59:59`;

function installment(p: PulledPosition, o: PulledOption) {
  return {
    nav: o.noticeNumber,
    iuv: o.iuv,
    paTaxCode: p.organizationFiscalCode,
    paFullName: p.companyName,
    amount: o.amountCents,
    description: o.description,
    dueDate: endOfDay(o.dueDate),
    ...(o.retentionDate ? { retentionDate: endOfDay(o.retentionDate) } : {}),
    insertedDate: dateTime(o.insertedAt ?? p.createdAt),
    notificationFee: o.notificationFeeCents,
    status: o.status,
    lastUpdatedDate: dateTime(o.updatedAt ?? p.updatedAt),
  };
}

function paymentNotice(p: PulledPosition) {
  const published = p.publishDate ?? p.createdAt;
  return {
    iupd: p.iupd,
    debtorTaxCode: p.debtorFiscalCode,
    debtorFullName: p.debtorFullName,
    debtorType: p.debtorType,
    paTaxCode: p.organizationFiscalCode,
    paFullName: p.companyName,
    insertedDate: dateTime(p.createdAt),
    publishDate: dateTime(published),
    // GPD: a position without a validity date becomes valid when published
    validityDate: dateTime(p.validityDate ?? published),
    status: p.status,
    lastUpdateDate: day(p.updatedAt),
    paymentOptions: groupOptions(p.options).map((g) => ({
      description: g.items[0]!.description,
      numberOfInstallments: g.items.length,
      amount: g.items.reduce((s, o) => s + o.amountCents, 0),
      dueDate: endOfDay(g.items[0]!.dueDate),
      isPartialPayment: g.partial,
      switchToExpired: p.switchToExpired,
      installments: g.items.map((o) => installment(p, o)),
    })),
  };
}
