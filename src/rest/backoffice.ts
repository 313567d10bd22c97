import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { NodoContext } from '../nodo/context';
import type { SubscriptionKey } from '../nodo/registryModel';
import { brokerEcs, brokerInstitutions, ibans, pageOf } from './backofficeViews';
import { subscriptionKeyOf, unauthorized } from './ecAuth';
import { ProblemError, writeProblem } from './problems';
import { boundedInt, INT32_MAX } from './queryParams';

/** The base paths of the two files' servers (…/backoffice/external/ec/v1, …/backoffice/external/psp/v1). */
export const BACKOFFICE_EC_BASE = '/backoffice/external/ec/v1';
export const BACKOFFICE_PSP_BASE = '/backoffice/external/psp/v1';

/** limit: default 10 in both files; at most 100 (EC) and 5000 (PSP). */
const EC_MAX_LIMIT = 100;
const PSP_MAX_LIMIT = 5000;

/**
 * pagoPA's Backoffice External APIs, the REST replacement of nodoChiediInformativaPA: an EC broker lists its
 * creditor institutions (one row per station association) and their IBANs, a PSP every EC's IBANs, all
 * read from the registry. Every answer carries X-Request-Id (the caller's, or a new one), as the files say.
 *
 * Keys (APIM subscriptions): an EC broker key acts for its broker; an EC key for a broker with its own
 * fiscal code (an EC that is its own broker), nothing else; a PSP key for the PSP API. A missing or unknown
 * key is 401; on the EC API a known key of another broker, an EC or a PSP is 403. The PSP file defines no
 * 403: a key that is not a PSP's is not subscribed to that API, which APIM answers 401.
 */
export function backofficeRouter(ctx: NodoContext): express.Router {
  const r = express.Router();
  r.use([BACKOFFICE_EC_BASE, BACKOFFICE_PSP_BASE], (req, res, next) => {
    res.set('X-Request-Id', req.get('X-Request-Id') ?? randomUUID());
    next();
  });

  r.get(`${BACKOFFICE_EC_BASE}/brokers/:brokerCode/creditor_institutions`, (req, res) => {
    const brokerCode = String(req.params.brokerCode);
    if (!authorizeBroker(ctx, req, res, brokerCode)) return;
    const { page, limit } = paging(req, EC_MAX_LIMIT);
    const { items, pageInfo } = pageOf(brokerInstitutions(ctx.registry().doc, brokerCode), page, limit);
    res.json({ creditorInstitutions: items, pageInfo });
  });

  r.get(`${BACKOFFICE_EC_BASE}/brokers/:brokerCode/ibans`, (req, res) => {
    const brokerCode = String(req.params.brokerCode);
    if (!authorizeBroker(ctx, req, res, brokerCode)) return;
    const { page, limit } = paging(req, EC_MAX_LIMIT);
    const doc = ctx.registry().doc;
    const { items, pageInfo } = pageOf(ibans(doc, brokerEcs(doc, brokerCode)), page, limit);
    res.json({ ibans: items, pageInfo });
  });

  r.get(`${BACKOFFICE_PSP_BASE}/creditor_institutions/ibans`, (req, res) => {
    if (!authorizePsp(ctx, req, res)) return;
    const { page, limit } = paging(req, PSP_MAX_LIMIT);
    const { items, pageInfo } = pageOf(ibans(ctx.registry().doc), page, limit);
    res.json({ ibans: items, pageInfo });
  });

  // the paths exist for GET only
  r.all(
    [`${BACKOFFICE_EC_BASE}/brokers/:brokerCode/creditor_institutions`, `${BACKOFFICE_EC_BASE}/brokers/:brokerCode/ibans`, `${BACKOFFICE_PSP_BASE}/creditor_institutions/ibans`],
    (req, res) => writeProblem(res, 'method-not-allowed', `${req.method} is not supported; the Backoffice External APIs are read-only (GET)`, { headers: { Allow: 'GET, HEAD' } }),
  );
  return r;
}

/** Who a key is, for a 403's detail. */
function holder(sub: SubscriptionKey): string {
  if (sub.brokerCode !== undefined) return `EC broker ${sub.brokerCode}`;
  if (sub.creditorInstitutionCode !== undefined) return `creditor institution ${sub.creditorInstitutionCode}`;
  return `PSP ${sub.pspCode}`;
}

/** 401 without a known key, 403 for a key that does not act for `brokerCode`, then 404 for an unknown broker. */
function authorizeBroker(ctx: NodoContext, req: Request, res: Response, brokerCode: string): boolean {
  const key = subscriptionKeyOf(req);
  const registry = ctx.registry();
  const sub = registry.subscription(key);
  if (!sub) {
    unauthorized(res, key);
    return false;
  }
  if (sub.brokerCode !== brokerCode && sub.creditorInstitutionCode !== brokerCode) {
    const detail =
      sub.pspCode !== undefined
        ? `the subscription key of ${holder(sub)} is for the Backoffice External PSP API (${BACKOFFICE_PSP_BASE}), not for EC broker ${brokerCode}`
        : `the subscription key of ${holder(sub)} may not act for EC broker ${brokerCode}`;
    writeProblem(res, 'forbidden', detail);
    return false;
  }
  // checked after the key, so that a key cannot probe which brokers exist
  if (!registry.ecBroker(brokerCode)) {
    writeProblem(res, 'not-found', `no EC broker ${brokerCode} in the registry`);
    return false;
  }
  return true;
}

function authorizePsp(ctx: NodoContext, req: Request, res: Response): boolean {
  const key = subscriptionKeyOf(req);
  const sub = ctx.registry().subscription(key);
  if (!sub) {
    unauthorized(res, key);
    return false;
  }
  if (sub.pspCode === undefined) {
    writeProblem(res, 'unauthenticated', `Access denied: the subscription key of ${holder(sub)} is not subscribed to the Backoffice External PSP API; use a PSP's key`);
    return false;
  }
  return true;
}

/** page (required, from 0) and limit (default 10, 0..max), at most once each, plain decimal integers; else a 400. */
function paging(req: Request, maxLimit: number): { page: number; limit: number } {
  for (const name of ['page', 'limit']) {
    const v = req.query[name];
    if (v !== undefined && typeof v !== 'string') throw new ProblemError('bad-parameter', `${name} must be given once, as a plain value`);
  }
  const p = req.query.page as string | undefined;
  if (p === undefined) throw new ProblemError('bad-parameter', 'page is required: the page number, from 0');
  const page = boundedInt('page', p, 0, INT32_MAX);
  if (typeof page === 'string') throw new ProblemError('bad-parameter', page);
  // an empty limit is the default, as Spring takes a parameter with a defaultValue
  const l = req.query.limit as string | undefined;
  const limit = l === undefined || l === '' ? 10 : boundedInt('limit', l, 0, maxLimit);
  if (typeof limit === 'string') throw new ProblemError('bad-parameter', limit);
  return { page, limit };
}
