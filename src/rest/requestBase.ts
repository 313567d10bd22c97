import type http from 'node:http';

// host[:port] (`_` too: Docker service names), an IPv6 literal in brackets; anything else would be written,
// unescaped, into a URL we hand out
export const HOST = /^([\w.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

/**
 * http://<the host the client used>: what links and redirects we hand out are addressed to. An HTTP/1.0
 * client may send no Host: then the address it connected to. Undefined for a Host that is not host[:port].
 */
export function requestBase(req: http.IncomingMessage): string | undefined {
  const { localAddress = '127.0.0.1', localPort } = req.socket;
  const host = req.headers.host ?? (localAddress.includes(':') ? `[${localAddress}]:${localPort}` : `${localAddress}:${localPort}`);
  return HOST.test(host) ? `http://${host}` : undefined;
}
