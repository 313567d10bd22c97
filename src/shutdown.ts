import type http from 'node:http';
import type { Logger } from './log';

/** How long a shutdown may take before the process gives up waiting and exits with 1. */
const SHUTDOWN_LIMIT_MS = 5000;

/**
 * SIGINT/SIGTERM, once: `beforeClose` (stop taking work: jobs, held mock-EC requests, receipt leases), then the
 * HTTP server closes (idle keep-alive connections at once, busy ones when their answer is sent), then
 * `afterClose` (flush and close the database); exit 0, or 1 when a step fails or it all takes over 5 s.
 * One sequence for the emulator and the standalone mock EC.
 */
export function closeOnSignals(log: Logger, server: http.Server, steps: { beforeClose: () => Promise<unknown> | void; afterClose: () => Promise<unknown> }): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal}: closing`);
    void Promise.resolve()
      .then(steps.beforeClose)
      .catch((err: Error) => log.error('shutdown step failed', { error: err.message }))
      .finally(() => {
        server.closeIdleConnections();
        server.close(() => {
          steps
            .afterClose()
            .then(() => process.exit(0))
            .catch((err) => {
              log.error('shutdown failed', { error: (err as Error).message });
              process.exit(1);
            });
        });
      });
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
