import { randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { NodoContext } from '../nodo/context';
import { bizEventsByIur, bizEventsByIurIuv } from '../store/bizEvents';
import type { PaymentTokenRow } from '../store/rows';
import { route } from './acaHttp';
import { subscriptionKeyOf } from './ecAuth';
import { ProblemError, writeProblem } from './problems';
import { journalRest, type RestJournalKeys } from './restJournal';
import { bizEventView, transferEcs } from './views/bizEventView';

/** Where pagoPA's biz-events service lives (biz_events.json servers[0]). */
export const BIZ_EVENTS_BASE = '/bizevents/service/v1';

/** Journal operations of this API: `bizevents.` + the operationIds of biz_events.json. */
export const BIZ_EVENTS_OPERATIONS = ['bizevents.getOrganizationReceiptIur', 'bizevents.getOrganizationReceiptIuvIur'] as const;

/**
 * biz-events receipt recovery (reporting spec §7): an EC that finds in a reporting flow a payment whose
 * receipt it never got reads it by IUR. Events exist as soon as the PSP's OK outcome is recorded, whatever
 * the paSendRT delivery did (store/bizEvents.ts). Every exchange is journaled (restJournal.ts).
 *
 * Order: X-Request-Id (echoed, or made up), the path parameters (400, the emulator's own: the service would
 * search and answer 404), then APIM's subscription check (401 without a body, as the file defines it; a key
 * of another EC is 401 too, since the file has no 403), then the lookup (404 / 422 ProblemJson with the
 * service's literal title, detail and code).
 */
export function bizEventsRouter(ctx: NodoContext): express.Router {
  const r = express.Router();
  r.use((req, res, next) => {
    res.set('X-Request-Id', req.get('X-Request-Id') ?? randomUUID());
    next();
  });

  r.get(
    '/organizations/:organizationfiscalcode/receipts/:iur',
    journalRest(ctx.journal, ctx.clock, BIZ_EVENTS_OPERATIONS[0]),
    checked(ctx),
    route(async (req, res) => {
      const { org, iur } = params(req);
      // any transfer's EC: a secondary EC of a multi-beneficiary payment finds the event too
      const found = (await bizEventsByIur(ctx.db.read, iur)).filter((t) => transferEcs(t).includes(org));
      answer(ctx, res, found, `for the Organization Fiscal Code ${org} and IUR ${iur}`, '002');
    }),
  );

  r.get(
    '/organizations/:organizationfiscalcode/receipts/:iur/paymentoptions/:iuv',
    journalRest(ctx.journal, ctx.clock, BIZ_EVENTS_OPERATIONS[1]),
    checked(ctx),
    route(async (req, res) => {
      const { org, iur, iuv } = params(req);
      // the deprecated lookup: the primary EC (the notice's owner) and its IUV
      const found = await bizEventsByIurIuv(ctx.db.read, org, iur, iuv!);
      answer(ctx, res, found, `for the Organization Fiscal Code ${org} and IUR ${iur} and IUV ${iuv}`, '001');
    }),
  );

  return r;
}

const params = (req: Request) => ({
  org: String(req.params.organizationfiscalcode),
  iur: String(req.params.iur),
  iuv: req.params.iuv === undefined ? undefined : String(req.params.iuv),
});

// an EC's fiscal code is 11 digits; IUR and IUV are stText35 (printable, no spaces in practice)
const ORG = /^[0-9]{11}$/;
const TEXT35 = /^[\x21-\x7e]{1,35}$/;

/** Parameters, then the subscription key; files the journal keys for whatever the answer turns out to be. */
function checked(ctx: NodoContext): RequestHandler {
  return (req, res, next) => {
    const { org, iur, iuv } = params(req);
    res.locals.journal = { fiscalCode: org, token: iur } satisfies RestJournalKeys;
    if (!ORG.test(org))
      return next(new ProblemError('bad-parameter', `organizationfiscalcode must be the 11-digit fiscal code of a creditor institution, got "${org}"`, JSON_PROBLEM));
    if (!TEXT35.test(iur))
      return next(new ProblemError('bad-parameter', `iur must be 1 to 35 printable characters without spaces (the payment token), got "${iur}"`, JSON_PROBLEM));
    if (iuv !== undefined && !TEXT35.test(iuv))
      return next(new ProblemError('bad-parameter', `iuv must be 1 to 35 printable characters without spaces, got "${iuv}"`, JSON_PROBLEM));
    // APIM: an unknown key, or one that may not act for this EC (its own EC, or an EC of its broker's stations)
    if (!ctx.registry().subscriptionAllows(subscriptionKeyOf(req), org)) return void res.status(401).end();
    next();
  };
}

// the service answers its ProblemJson as application/json
const JSON_PROBLEM = { contentType: 'application/json' } as const;

function answer(ctx: NodoContext, res: Response, found: PaymentTokenRow[], what: string, code: '001' | '002'): void {
  const keys = res.locals.journal as RestJournalKeys;
  if (found.length === 0) {
    keys.faultCode = `BZ_404_${code}`;
    return writeProblem(res, 'bizevents-not-found', `Not found a biz event ${what}`, { ...JSON_PROBLEM, code: keys.faultCode });
  }
  if (found.length > 1) {
    keys.faultCode = `BZ_422_${code}`;
    return writeProblem(res, 'bizevents-not-unique', `More than one biz event was found ${what}`, { ...JSON_PROBLEM, code: keys.faultCode });
  }
  keys.noticeNumber = found[0]!.notice_number;
  res.json(bizEventView(ctx.registry(), found[0]!));
}
