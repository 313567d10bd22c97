import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { Request, Response } from 'express';
import { requestBase } from '../rest/requestBase';
import { readCookie } from './html';

export const CSRF_COOKIE = 'nodo_csrf';
export const CSRF_FIELD = 'csrf';

/**
 * CSRF protection of the pages' forms (OWASP "double submit cookie" plus origin verification): the
 * browser holds a random value in an HttpOnly SameSite=Strict cookie and every form echoes it in a
 * hidden field. Another site can make the browser post to us, but can neither read nor set that cookie,
 * so it cannot supply the matching field; and a cross-site Origin header is refused outright. Nothing
 * is kept on the server, so any process sharing the database accepts the form.
 */
export function csrfToken(req: Request, res: Response): string {
  const current = readCookie(req, CSRF_COOKIE);
  if (current && /^[0-9a-f]{32}$/.test(current)) return current;
  const fresh = randomBytes(16).toString('hex');
  res.cookie(CSRF_COOKIE, fresh, { httpOnly: true, sameSite: 'strict', path: '/' });
  return fresh;
}

/** True when the form may be acted on. */
export function csrfValid(req: Request): boolean {
  if (!sameOrigin(req)) return false;
  const cookie = readCookie(req, CSRF_COOKIE);
  const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  return typeof cookie === 'string' && cookie.length === 32 && field === cookie;
}

/**
 * A browser names the page a request comes from in Origin (every POST) and Sec-Fetch-Site: anything
 * but this very origin is refused. Clients that send neither (curl, tests' HTTP clients) are not browsers
 * and carry no ambient credentials to abuse. This very origin: the host the request is addressed to (the
 * scheme is not compared, a TLS proxy may stand in front), or the configured public URL's origin.
 */
export function sameOrigin(req: http.IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const url = parseOrigin(origin);
  if (!url) return false;
  const host = req.headers.host?.toLowerCase();
  if (host !== undefined && url.host === host) return true;
  const base = requestBase(req);
  return base !== undefined && url.origin === new URL(base).origin;
}

/** An Origin header as a URL; undefined for "null" (sandboxed frames, file: pages) and garbage. */
export function parseOrigin(origin: string): URL | undefined {
  if (origin === 'null') return undefined;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
