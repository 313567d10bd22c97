import type http from 'node:http';

// host[:port] (`_` too: Docker service names), an IPv6 literal in brackets; anything else would be written,
// unescaped, into a URL we hand out
export const HOST = /^([\w.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

// the configured public URL (--public-url), recorded by the request guard (web/hostGuard.ts) on each
// request it admits, so every caller of requestBase gets it without being handed the config
const PUBLIC_BASE = new WeakMap<http.IncomingMessage, string>();

export function usePublicBase(req: http.IncomingMessage, base: string): void {
  PUBLIC_BASE.set(req, base);
}

/**
 * What links, Location headers and WSDL addresses we hand out are addressed to: the --public-url when
 * one is configured, else http://<the Host the client used> (the guard has already refused a Host that
 * is not this server's: loopback, the bind address or --allowed-hosts). An HTTP/1.0 client may send no
 * Host: then the address it connected to. Undefined for a Host that is not host[:port].
 */
export function requestBase(req: http.IncomingMessage): string | undefined {
  const configured = PUBLIC_BASE.get(req);
  if (configured !== undefined) return configured;
  const { localAddress = '127.0.0.1', localPort } = req.socket;
  const host = req.headers.host ?? (localAddress.includes(':') ? `[${localAddress}]:${localPort}` : `${localAddress}:${localPort}`);
  return HOST.test(host) ? `http://${host}` : undefined;
}
