import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { ErrorObject } from 'ajv';
import type { Logger } from '../log';
import { describeError } from './acaSchemas';
import { problem } from './problem';

/**
 * The plumbing the ACA and GPD routes share: JSON bodies, problem answers thrown from inside a
 * transaction (which rolls it back), and an error handler that never lets a stack trace out.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity' };
export const fail = (status: number, detail: string, title = TITLES[status] ?? 'Error') => new HttpProblem(status, title, detail);

// not strict: a top-level string or null is valid JSON, and validBody says what is wrong with it (not an object)
const parseJson = express.json({ limit: '1mb', type: () => true, strict: false });

/**
 * Reads a JSON body. The official files define no 415, only 400 for a formally invalid request: a body
 * that is not `application/json` is answered 400 naming the Content-Type.
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  const type = req.get('content-type');
  if (!type || !req.is('application/json')) {
    return problem(res, 400, 'Bad Request', `Content-Type must be application/json (got ${type ? JSON.stringify(type) : 'none'})`);
  }
  parseJson(req, res, next);
};

/** The validated body, or undefined once a 400 naming the field has been sent. */
export function validBody<T>(req: Request, res: Response, validate: ((b: unknown) => boolean) & { errors?: ErrorObject[] | null }): T | undefined {
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    problem(res, 400, 'Bad Request', 'the request body must be a JSON object');
    return undefined;
  }
  if (!validate(req.body)) {
    problem(res, 400, 'Bad Request', describeError(validate.errors));
    return undefined;
  }
  return req.body as T;
}

type AsyncHandler = (req: Request, res: Response) => Promise<void>;
/** Express 5 forwards rejected promises to the error handler; a thrown HttpProblem becomes its answer there. */
export const route = (h: AsyncHandler): RequestHandler => (req, res, next) => h(req, res).catch(next);

/** Unique-key violations (a concurrent create of the same iupd or nav) on SQLite and PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/.test(e.message ?? '');
}

export function errorHandler(log: Logger) {
  return (err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpProblem) return problem(res, err.status, err.title, err.detail);
    if (err.type === 'entity.parse.failed') return problem(res, 400, 'Bad Request', `request body is not valid JSON: ${err.message}`);
    if (err.type === 'entity.too.large') return problem(res, 413, 'Payload Too Large', 'the request body exceeds 1 MB');
    if (isUniqueViolation(err)) return problem(res, 409, 'Conflict', 'a debt position with this iupd, or a payment option with this nav, already exists');
    // the rest of what body-parser and the router refuse (an unsupported charset or Content-Encoding, a
    // body that does not inflate, a malformed %-escape in the path) is the client's: 400, as the official
    // files have no 415
    if (err.status !== undefined && err.status >= 400 && err.status < 500) return problem(res, 400, 'Bad Request', err.message);
    log.error('ACA/GPD handler failed', { path: req.path, error: err.stack ?? String(err) });
    problem(res, 500, 'Internal Server Error', 'unexpected error; see the emulator log');
  };
}

/**
 * The archive serves every notice through SANP messages, whose text types are shorter than the REST
 * schemas allow (stText70 for a debtor's name, stText140, stText35 for the IUV): a longer value could not
 * be relayed to a PSP, so it is refused here with the field named rather than truncated silently.
 */
export function relayable(field: string, value: string | undefined, max: number): void {
  if (value !== undefined && value.length > max) throw fail(400, `${field} is ${value.length} characters: the node relays it in a SANP field of at most ${max}`);
}

/** A notice number (NAV) is 18 digits; "3" + iuv when not given, so the IUV must then be 17 digits. */
export function checkNav(at: string, nav: string): void {
  if (!/^[0-9]{18}$/.test(nav)) throw fail(400, `${at ? `${at}.` : ''}nav ${nav} is not an 18-digit notice number (without nav, it is "3" + iuv: the iuv must be 17 digits)`);
}

/** 409 while a PSP holds a live token on one of the position's notices (store/positions.ts noticeInPayment). */
export function inPaymentConflict(iupd: string, nav: string): HttpProblem {
  return fail(409, `Debt position ${iupd}: notice ${nav} is being paid (a PSP holds a live token); retry once the payment is closed or the token has expired`);
}
