import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { ErrorObject } from 'ajv';
import { describeError } from './acaSchemas';
import { ProblemError, writeProblem, type ProblemKind } from './problems';

/**
 * The plumbing the ACA, GPD and carts routes share: JSON bodies, and problems thrown from inside a
 * transaction (which rolls it back) for the error middleware (problemMiddleware.ts) to answer.
 */
export const fail = (kind: ProblemKind, detail: string) => new ProblemError(kind, detail);

// not strict: a top-level string or null is valid JSON, and validBody says what is wrong with it (not an object)
const parseJson = express.json({ limit: '1mb', type: () => true, strict: false });

/**
 * Reads a JSON body. The official files define no 415, only 400 for a formally invalid request: a body
 * that is not `application/json` is answered 400 naming the Content-Type.
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  const type = req.get('content-type');
  if (!type || !req.is('application/json')) {
    return writeProblem(res, 'bad-body', `Content-Type must be application/json (got ${type ? JSON.stringify(type) : 'none'})`);
  }
  parseJson(req, res, next);
};

/** The validated body; throws the 400 naming the field. */
export function validBody<T>(req: Request, validate: ((b: unknown) => boolean) & { errors?: ErrorObject[] | null }): T {
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) throw fail('bad-body', 'the request body must be a JSON object');
  if (!validate(req.body)) throw fail('bad-body', describeError(validate.errors));
  return req.body as T;
}

type AsyncHandler = (req: Request, res: express.Response) => Promise<void>;
/** Express 5 forwards rejected promises to the error middleware; a thrown ProblemError becomes its answer there. */
export const route =
  (h: AsyncHandler): RequestHandler =>
  (req, res, next) =>
    h(req, res).catch(next);

/** Unique-key violations (a concurrent create of the same iupd or nav) on SQLite and PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/.test(e.message ?? '');
}

/** A concurrent create that lost the race on a unique key is the client's conflict, not our 500. */
export const positionConflicts: ErrorRequestHandler = (err, _req, _res, next) =>
  next(isUniqueViolation(err) ? fail('conflict', 'a debt position with this iupd, or a payment option with this nav, already exists') : err);

/**
 * The archive serves every notice through SANP messages, whose text types are shorter than the REST
 * schemas allow (stText70 for a debtor's name, stText140, stText35 for the IUV): a longer value could not
 * be relayed to a PSP, so it is refused here with the field named rather than truncated silently.
 */
export function relayable(field: string, value: string | undefined, max: number): void {
  if (value !== undefined && value.length > max) throw fail('bad-body', `${field} is ${value.length} characters: the node relays it in a SANP field of at most ${max}`);
}

/** A notice number (NAV) is 18 digits; "3" + iuv when not given, so the IUV must then be 17 digits. */
export function checkNav(at: string, nav: string): void {
  if (!/^[0-9]{18}$/.test(nav))
    throw fail('bad-body', `${at ? `${at}.` : ''}nav ${nav} is not an 18-digit notice number (without nav, it is "3" + iuv: the iuv must be 17 digits)`);
}

/** 409 while a PSP holds a live token on one of the position's notices (store/positions.ts noticeInPayment). */
export function inPaymentConflict(iupd: string, nav: string): ProblemError {
  return fail('conflict', `Debt position ${iupd}: notice ${nav} is being paid (a PSP holds a live token); retry once the payment is closed or the token has expired`);
}
