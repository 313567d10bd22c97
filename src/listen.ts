import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost, type Config } from './config';
import type { Logger } from './log';
import { writeProblem } from './rest/problems';

/** A port this process holds, answering 503 "starting" until `serve` gives it the real handler. */
export interface Listener {
  readonly server: http.Server;
  readonly port: number;
  /** http://host:port as the banner prints it (IPv6 in brackets) */
  readonly base: string;
  /** the same server as this very process reaches it (0.0.0.0 and :: are not addresses to connect to) */
  readonly selfBase: string;
  serve(handler: http.RequestListener): void;
}

/** The port or address cannot be had: one line, exit 1. */
export class ListenError extends Error {}

/**
 * Binds the port before anything else (start, mock-ec): a port in use must be said before the database is
 * opened, migrated or seeded, so that a second `start` by mistake leaves no trace. Requests that arrive
 * meanwhile get 503 problem JSON "starting", as /health does until the emulator is ready.
 */
export async function listenFirst(config: Config): Promise<Listener> {
  let handler: http.RequestListener = (_req, res) => writeProblem(res, 'unavailable', 'starting');
  const server = http.createServer((req, res) => handler(req, res));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new ListenError(whyNot(err, config))));
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    server,
    port,
    base: `http://${host}:${port}`,
    selfBase: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : host}:${port}`,
    serve: (h) => void (handler = h),
  };
}

/** The usual reasons a listen fails, said with the flag that fixes them. */
function whyNot(err: NodeJS.ErrnoException, config: Config): string {
  const portVar = config.command === 'mock-ec' ? 'NODO_MOCK_EC_PORT' : 'NODO_PORT';
  const { host, port } = config;
  switch (err.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (another emulator?): choose another with --port N or ${portVar}`;
    case 'EACCES':
      return `port ${port} on ${host} needs privileges this process has not (ports below 1024 usually do): choose another with --port N or ${portVar}`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine: choose another with --host or NODO_HOST (127.0.0.1: this machine only; 0.0.0.0: every interface)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name ${host} does not resolve: choose another with --host or NODO_HOST`;
    default:
      return `cannot listen on ${host}:${port}: ${err.message}`;
  }
}

/** Reachable from other machines: say so once, with what guards it (config.ts refused to start without a token). */
export function warnIfExposed(config: Config, log: Logger): void {
  if (isLoopbackHost(config.host)) return;
  log.warn(`listening on ${config.host}, reachable from other machines: /admin and the mock EC control API require the admin token; Host must be a name of this server`, {
    allowedHosts: config.allowedHosts,
    publicUrl: config.publicUrl ?? null,
  });
}
