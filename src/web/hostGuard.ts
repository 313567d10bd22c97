import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import os from 'node:os';
import { isLoopbackHost } from '../config';
import { PROBLEMS, writeProblem } from '../rest/problems';
import { soapFault } from '../soap/xmlWriter';
import { HOST, usePublicBase } from '../rest/requestBase';
import { parseOrigin, sameOrigin } from './csrf';

export interface GuardOptions {
  /** the bind address (--host): allowed as a Host name; a wildcard one allows this machine's addresses */
  host: string;
  allowedHosts: readonly string[];
  adminToken?: string;
  publicUrl?: string;
  /** the paths whose POSTs are SOAP (the node's, the mock EC's): their refusals are soap:Faults, not problem JSON */
  isSoapPath(path: string): boolean;
  /** the mock EC's control API (overrides, history): guarded like /admin */
  isControlPath(path: string): boolean;
}

/** true: go on; false: a 403 or 401 has been sent. */
export type RequestGuard = (req: http.IncomingMessage, res: http.ServerResponse, path: string) => boolean;

const XML = 'text/xml; charset=UTF-8';
const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The first step of every request, on every route (SOAP, REST, pages, mock EC, ?wsdl):
 *   1. Host must name this server: a loopback name, the bind address, the --public-url's host or one of
 *      --allowed-hosts. A web page whose domain an attacker rebinds to 127.0.0.1 sends its own domain as
 *      Host: refused here, before it can read the journal or PUT a registry.
 *   2. A state-changing request on /admin, SOAP or the mock EC that a browser sends from a page of
 *      another origin (Origin, Sec-Fetch-Site) is refused: a text/plain "simple" POST needs no preflight.
 *      Clients that send no Origin are not browsers and are let through.
 *   3. With an admin token configured, /admin and the mock EC's control API want
 *      `Authorization: Bearer <token>`.
 * The checkout pages keep their own CSRF check (csrf.ts), which answers with a page rather than JSON.
 */
export function createRequestGuard(opts: GuardOptions): RequestGuard {
  const named = new Set(opts.allowedHosts.map((h) => h.toLowerCase()));
  const allowed = new Set([...named, ...bindNames(opts.host)]);
  if (opts.publicUrl) allowed.add(new URL(opts.publicUrl).hostname.toLowerCase());
  const token = opts.adminToken === undefined ? undefined : digest(opts.adminToken);
  // Host values seen and judged: the check runs on the SOAP hot path (bounded: Host is client-chosen)
  const judged = new Map<string, boolean>();

  function hostAllowed(hostHeader: string | undefined): boolean {
    // HTTP/1.0 without Host: not a browser (every browser sends Host), nothing to rebind
    if (hostHeader === undefined) return true;
    let verdict = judged.get(hostHeader);
    if (verdict === undefined) {
      const name = hostName(hostHeader);
      verdict = isLoopbackHost(name) || allowed.has(name);
      if (judged.size >= 1000) judged.clear();
      judged.set(hostHeader, verdict);
    }
    return verdict;
  }

  function originAllowed(req: http.IncomingMessage): boolean {
    if (sameOrigin(req)) return true;
    // a page served under one of --allowed-hosts (https behind a proxy, another port of the same name)
    const origin = req.headers.origin;
    const url = origin === undefined ? undefined : parseOrigin(origin);
    return url !== undefined && req.headers['sec-fetch-site'] !== 'cross-site' && named.has(url.hostname.toLowerCase());
  }

  function authorized(req: http.IncomingMessage): boolean {
    const m = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
    // compared as digests, in constant time: the token's length and prefix do not leak through timing
    return m !== null && timingSafeEqual(digest(m[1]!), token!);
  }

  return (req, res, path) => {
    const soap = req.method === 'POST' && opts.isSoapPath(path);
    const host = req.headers.host;
    if (host !== undefined && !HOST.test(host)) {
      // it would otherwise be written, unescaped, into the URLs we hand out
      refuse(req, res, soap, 'bad-request', 'the Host header must be host[:port]');
      return false;
    }
    if (!hostAllowed(host)) {
      refuse(req, res, soap, 'forbidden', `Host "${host}" is not a name of this server; start it with --allowed-hosts ${hostName(host!)} to admit it`);
      return false;
    }
    // before the Origin check: a page served from the public URL is this server's own
    if (opts.publicUrl) usePublicBase(req, opts.publicUrl);
    // express routes without regard to case: /ADMIN/registry reaches the admin router too
    const lower = path.toLowerCase();
    const admin = lower === '/admin' || lower.startsWith('/admin/') || opts.isControlPath(path);
    if (!READ_ONLY.has(req.method ?? '') && (admin || opts.isSoapPath(path)) && !originAllowed(req)) {
      refuse(req, res, soap, 'forbidden', 'cross-site request refused');
      return false;
    }
    if (token !== undefined && admin && !authorized(req)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="pagopa-node-emulator admin"');
      refuse(
        req,
        res,
        false,
        'unauthenticated',
        req.headers.authorization === undefined ? 'this API wants Authorization: Bearer <the --admin-token>' : 'the admin token is not the one this server was started with',
      );
      return false;
    }
    return true;
  };
}

/** The name a Host header carries, lowercased, without port or trailing dot; IPv6 kept in brackets. */
function hostName(host: string): string {
  return host
    .replace(/:\d{1,5}$/, '')
    .toLowerCase()
    .replace(/\.$/, '');
}

/**
 * The bind address as a Host name. A wildcard bind (0.0.0.0, ::) listens on every interface: each of
 * their addresses, and the machine's name, are then names of this server. (IP literals cannot be
 * rebound; the machine's name is not the attacker's to point elsewhere.)
 */
function bindNames(host: string): string[] {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const asName = (a: string) => (a.includes(':') ? `[${a}]` : a);
  if (h !== '0.0.0.0' && h !== '::' && h !== '') return [asName(h)];
  // the wildcard itself too: `curl http://0.0.0.0:8080` reaches this machine, and an IP is never rebound
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.address.includes('%'))
    .map((i) => asName(i!.address.toLowerCase()));
  return [asName(h), ...addresses, os.hostname().toLowerCase()];
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** A refusal in the protocol's own form: a SOAP Fault on SOAP POSTs, the catalog's problem JSON elsewhere. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, soap: boolean, kind: 'bad-request' | 'forbidden' | 'unauthenticated', detail: string): void {
  if (soap) {
    const { status, title } = PROBLEMS[kind];
    const body = soapFault('soap:Client', title, detail);
    res.writeHead(status, { 'Content-Type': XML, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    writeProblem(res, kind, detail);
  }
  // the body is not read: let it drain, so the client reads this answer rather than a reset
  req.resume();
}
