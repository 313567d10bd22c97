import express from 'express';
import { demoDescription, publishDemoPosition } from '../ec/demoPosition';
import type { NodoContext } from '../nodo/context';
import { route } from './acaHttp';
import { notJson, ProblemError, writeProblem } from './problems';

/** A body must be JSON (415 otherwise); none at all takes the defaults. */
export const jsonOnly: express.RequestHandler = (req, res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  const wrongType = hasBody ? notJson(req.get('content-type')) : undefined;
  if (wrongType) return writeProblem(res, 'unsupported-media-type', wrongType);
  next();
};

export interface DemoRequest {
  amountCents: number;
  description: string;
}

/**
 * The optional body of POST /admin/demo-cart and /admin/demo-payment, `{amountCents?, description?}`:
 * 15.00 euro and "Avviso dimostrativo del <day>" when left out. Throws the 400 a bad field deserves.
 */
export function readDemoRequest(raw: unknown, now: Date): DemoRequest {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) throw new ProblemError('bad-body', 'the body must be a JSON object');
  const body = (raw ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(body).filter((k) => k !== 'amountCents' && k !== 'description');
  if (unknown.length) throw new ProblemError('bad-body', `unknown field ${unknown.join(', ')}: the body takes amountCents and description`);
  const amountCents = body.amountCents ?? 1500;
  if (typeof amountCents !== 'number' || !Number.isInteger(amountCents) || amountCents < 1 || amountCents > 99_999_999)
    throw new ProblemError('bad-body', 'amountCents must be an integer between 1 and 99999999');
  if (body.description !== undefined && (typeof body.description !== 'string' || body.description.length < 1 || body.description.length > 140))
    throw new ProblemError('bad-body', 'description must be 1 to 140 characters');
  return { amountCents, description: (body.description as string | undefined) ?? demoDescription(now) };
}

/** A freshly published demo notice, as POST /admin/demo-cart and /admin/demo-payment start from. */
export interface DemoNotice extends DemoRequest {
  noticeNumber: string;
  now: Date;
}

/**
 * The handlers of POST /admin/demo-cart and /admin/demo-payment: a JSON body (or none), read, and a fresh
 * notice published in the archive before `then` does the route's own part with it.
 */
export function demoRoute(ctx: NodoContext, then: (notice: DemoNotice, req: express.Request, res: express.Response) => Promise<void>): express.RequestHandler[] {
  return [
    jsonOnly,
    express.json(),
    route(async (req, res) => {
      const now = ctx.clock.now();
      const { amountCents, description } = readDemoRequest(req.body, now);
      const noticeNumber = await publishDemoPosition(ctx, amountCents, description, now);
      await then({ noticeNumber, amountCents, description, now }, req, res);
    }),
  ];
}
