import type { Response } from 'express';

/** RFC 7807 problem JSON, the error form of every REST endpoint. */
export function problem(res: Response, status: number, title: string, detail?: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title, status, ...(detail !== undefined ? { detail } : {}) });
}
