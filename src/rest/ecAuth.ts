import type { Request, Response } from 'express';
import type { NodoContext } from '../nodo/context';
import { writeProblem } from './problems';

export const SUBSCRIPTION_HEADER = 'Ocp-Apim-Subscription-Key';

/** The key of the request: the header, else the `subscription-key` query parameter (the files' apiKeyQuery). */
export function subscriptionKeyOf(req: Request): string | undefined {
  return req.get(SUBSCRIPTION_HEADER) ?? (typeof req.query['subscription-key'] === 'string' ? req.query['subscription-key'] : undefined);
}

/** APIM's 401 for a missing or unknown key, as problem JSON. */
export function unauthorized(res: Response, key: string | undefined): void {
  writeProblem(
    res,
    'unauthenticated',
    key === undefined
      ? `Access denied due to missing subscription key. Make sure to include the ${SUBSCRIPTION_HEADER} header or the subscription-key query parameter.`
      : 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
  );
}

/**
 * APIM's subscription check for the EC-facing APIs: the key must exist (else 401, as APIM answers a
 * missing or unknown key) and act for `ecCode`, its own EC or an EC of its broker's stations (else 403).
 * The official files also accept the key as the `subscription-key` query parameter (paCreatePosition's
 * apiKeyQuery), so we do too. Returns false once it has answered.
 */
export function authorizeEc(
  ctx: NodoContext,
  req: Request,
  res: Response,
  ecCode: string,
  opts: { bodylessUnauthorized?: boolean } /* the GPD API's own 401/403 forms */ = {},
): boolean {
  const key = subscriptionKeyOf(req);
  const allowed = ctx.registry().subscriptionAllows(key, ecCode);
  if (allowed === undefined) {
    // gpd-4-aca.json defines its 401 without a body; paCreatePosition.json defines none, so it gets a problem
    if (opts.bodylessUnauthorized) {
      res.status(401).end();
      return false;
    }
    unauthorized(res, key);
    return false;
  }
  if (!allowed) {
    // gpd-4-aca.json gives its 403 no schema, only APIM's own body as the example: answer exactly that
    if (opts.bodylessUnauthorized) {
      res.status(403).json({ statusCode: 403, message: 'You are not allowed to access this resource.' });
      return false;
    }
    writeProblem(res, 'forbidden', `the subscription key may not act for creditor institution ${ecCode}`);
    return false;
  }
  return true;
}
