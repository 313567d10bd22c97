/**
 * The load: autocannon in this process, one instance per target URL (connections split between them),
 * every response checked. Requests are built per call by `setupRequest` (a fresh notice number, the token
 * of the previous answer) and answers read by `onResponse`; both keep their per-connection state in
 * autocannon's `context`, which it resets when a connection starts the sequence again.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { RunStats } from './stats';
import { activateBody, describeKo, isOutcomeOk, nextNoticeNumber, outcomeBody, paymentTokenOf, SOAP_PATH, soapHeaders, verifyBody } from './soap';

interface Ctx {
  sentAt: number;
  startedAt: number;
  noticeNumber?: string;
  token?: string;
}
type Request = autocannon.Request;
type Setup = (req: Request, ctx: Ctx) => Request | null;
type OnResponse = (status: number, body: string, ctx: Ctx) => void;
// autocannon's typings say setupRequest must return a request; a falsy return restarts the sequence
const request = (r: Omit<Request, 'setupRequest' | 'onResponse'> & { setupRequest?: Setup; onResponse?: OnResponse }) => r as unknown as Request;

/** A fixed request, no check of the answer but its status: the baseline. */
export function staticRequests(stats: RunStats): Request[] {
  const op = stats.op('hello');
  return [
    request({
      method: 'POST',
      path: SOAP_PATH,
      headers: soapHeaders('verifyPaymentNotice'),
      body: verifyBody('302110000000000101'),
      setupRequest: (req, ctx) => {
        ctx.sentAt = performance.now();
        return req;
      },
      onResponse: (status, body, ctx) => op.record(performance.now() - ctx.sentAt, status, status === 200, () => describeKo(status, body)),
    }),
  ];
}

/** verifyPaymentNotice over a rotating set of notices that already exist. */
export function verifyRequests(stats: RunStats, noticeNumbers: string[]): Request[] {
  const op = stats.op('verifyPaymentNotice');
  const bodies = noticeNumbers.map(verifyBody);
  let next = 0;
  return [
    request({
      method: 'POST',
      path: SOAP_PATH,
      headers: soapHeaders('verifyPaymentNotice'),
      setupRequest: (req, ctx) => {
        req.body = bodies[next++ % bodies.length];
        ctx.sentAt = performance.now();
        return req;
      },
      onResponse: (status, body, ctx) => op.record(performance.now() - ctx.sentAt, status, status === 200 && isOutcomeOk(body), () => describeKo(status, body)),
    }),
  ];
}

/** One payment per sequence: activatePaymentNotice on a fresh notice, then sendPaymentOutcome OK with its token. */
export function paymentRequests(stats: RunStats, withIdempotency: boolean, nextNotice: () => string = nextNoticeNumber): Request[] {
  const activate = stats.op('activatePaymentNotice');
  const outcome = stats.op('sendPaymentOutcome');
  const today = new Date().toISOString().slice(0, 10);
  return [
    request({
      method: 'POST',
      path: SOAP_PATH,
      headers: soapHeaders('activatePaymentNotice'),
      setupRequest: (req, ctx) => {
        ctx.noticeNumber = nextNotice();
        ctx.token = undefined;
        req.body = activateBody(ctx.noticeNumber, withIdempotency);
        ctx.startedAt = ctx.sentAt = performance.now();
        return req;
      },
      onResponse: (status, body, ctx) => {
        ctx.token = status === 200 && isOutcomeOk(body) ? paymentTokenOf(body) : undefined;
        activate.record(performance.now() - ctx.sentAt, status, ctx.token !== undefined, () => describeKo(status, body));
      },
    }),
    request({
      method: 'POST',
      path: SOAP_PATH,
      headers: soapHeaders('sendPaymentOutcome'),
      // no token (the activate was KO): start the sequence again with a new notice
      setupRequest: (req, ctx) => {
        if (!ctx.token) return null;
        req.body = outcomeBody(ctx.token, ctx.noticeNumber!, withIdempotency, today);
        ctx.sentAt = performance.now();
        return req;
      },
      onResponse: (status, body, ctx) => {
        const now = performance.now();
        const ok = status === 200 && isOutcomeOk(body);
        outcome.record(now - ctx.sentAt, status, ok, () => describeKo(status, body));
        if (ok) {
          stats.payments++;
          stats.payment.push(now - ctx.startedAt);
        }
      },
    }),
  ];
}

/**
 * Runs one autocannon instance per URL in parallel, `connections` split between them, and returns each
 * instance's counters; merge them for the scenario's totals.
 */
export async function runLoad(urls: string[], connections: number, durationSec: number, requestsFor: (stats: RunStats) => Request[]): Promise<RunStats[]> {
  return Promise.all(
    urls.map((url, i) => {
      const share = Math.floor(connections / urls.length) + (i < connections % urls.length ? 1 : 0);
      const stats = new RunStats();
      const started = performance.now();
      return new Promise<RunStats>((resolve, reject) => {
        autocannon({ url: url + SOAP_PATH, connections: Math.max(1, share), duration: durationSec, timeout: 10, requests: requestsFor(stats) }, (err, result) => {
          if (err) return reject(err);
          stats.elapsedSec = (performance.now() - started) / 1000;
          stats.errors = result.errors;
          stats.timeouts = result.timeouts;
          stats.non2xx = result.non2xx;
          stats.resets = result.resets;
          resolve(stats);
        });
      });
    }),
  );
}

/**
 * Verifies `count` fresh notice numbers once each (the synthetic backend archives them on first sight),
 * 16 at a time, and returns them. Any KO aborts: the verify scenario would measure errors.
 */
export async function precreateNotices(url: string, count: number): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const numbers = Array.from({ length: count }, () => nextNoticeNumber());
  let next = 0;
  const worker = async () => {
    while (next < numbers.length) {
      const n = numbers[next++];
      const { status, body } = await post(agent, url, 'verifyPaymentNotice', verifyBody(n));
      if (status !== 200 || !isOutcomeOk(body)) throw new Error(`pre-creating notice ${n}: ${describeKo(status, body)}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: 16 }, worker));
  } finally {
    agent.destroy();
  }
  return numbers;
}

function post(agent: http.Agent, url: string, operation: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url + SOAP_PATH, { method: 'POST', agent, headers: { ...soapHeaders(operation), 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
