import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../log';
import { ProblemError, writeInternal, writeProblem } from './problems';

/**
 * The error middleware of every express route (mounted once, last, in app.ts): a thrown ProblemError is
 * its own answer; what body-parser and the router refuse maps to its kind; anything else is a 500 with a
 * request id, logged with its stack, which never reaches the client. Express 5 forwards rejected
 * promises of async handlers here.
 */
export function problemMiddleware(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      // half an answer is out: all that is left is to log and cut the connection
      log.error('rest handler failed after answering', { path: req.path, error: (err as Error)?.stack ?? String(err) });
      return void res.destroy();
    }
    if (err instanceof ProblemError) return writeProblem(res, err.kind, err.detail, err.extra);
    const e = err as { type?: string; status?: number; message?: string; limit?: number };
    if (e.type === 'entity.parse.failed') return writeProblem(res, 'bad-body', `request body is not valid JSON: ${e.message}`);
    if (e.type === 'entity.too.large') return writeProblem(res, 'payload-too-large', `the request body exceeds ${bytes(e.limit)}`);
    // the rest of what body-parser and the router refuse (an unsupported charset or Content-Encoding, a body
    // that does not inflate, a malformed %-escape in the path) is the client's: 400, as the official files
    // define no 415
    if (e.status !== undefined && e.status >= 400 && e.status < 500) return writeProblem(res, 'bad-request', e.message ?? 'the request cannot be read');
    writeInternal(res, log, `${req.method} ${req.path}`, err);
  };
}

/** The last route: nothing else matched. */
export const notFound: RequestHandler = (req, res) => writeProblem(res, 'not-found', `no resource at ${req.method} ${req.path}`);

/** body-parser's limit as it was configured ('1mb' → 1 MB). */
function bytes(n: number | undefined): string {
  if (n === undefined) return 'the size limit';
  if (n % 1_048_576 === 0) return `${n / 1_048_576} MB`;
  return n % 1024 === 0 ? `${n / 1024} kB` : `${n} bytes`;
}
