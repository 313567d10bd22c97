import type { Response } from 'express';
import { writeProblem, type ProblemKind } from './problems';

const KIND_BY_STATUS: Record<number, ProblemKind> = {
  400: 'bad-request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed', 409: 'conflict',
  413: 'payload-too-large', 415: 'unsupported-media-type', 422: 'unprocessable', 500: 'internal', 503: 'unavailable',
};

/**
 * @deprecated Throw a `ProblemError(kind, detail)` or call `writeProblem` (problems.ts). Kept only so that
 * branches written against the old helper still build once merged: it renders through the catalog by
 * status, and its `title` is ignored (the kind's title wins).
 */
export function problem(res: Response, status: number, _title: string, detail?: string): void {
  writeProblem(res, KIND_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad-request'), detail);
}
