import http from 'node:http';
import https from 'node:https';
import { StationFailure } from '../nodo/faults';
import type { XsdGate } from '../soap/xsdGate';

/** spec §4.6: the node waits at most 7 s for paVerifyPaymentNotice and paGetPayment(V2), 15 s for paSendRT(V2). */
export const DEFAULT_TIMEOUTS = { verifyMs: 7000, getPaymentMs: 7000, sendRtMs: 15_000 } as const;
// an EC answer is a few KB; anything past this is not an answer the node would read
const MAX_ANSWER_BYTES = 1 << 20;

export interface StationRequest {
  /** the station's endpoint as the registry names it: absolute, or a path on this emulator */
  url: string;
  /** SOAPAction, the bare operation name */
  action: string;
  /** the whole SOAP envelope */
  body: string;
  timeoutMs: number;
}

/** One exchange with a station, whatever happened: what the journal records. */
export interface StationExchange {
  url: string;
  action: string;
  request: string;
  /** the answer's bytes as received (empty when none came) */
  response: string;
  httpStatus: number | null;
  durationUs: number;
}

/** An HTTP answer (any status but 404/503, read by the outbound pipeline), or no usable one. */
export type StationResult = { ok: true; exchange: StationExchange & { httpStatus: number } } | { ok: false; failure: StationFailure; exchange: StationExchange };

export interface StationClient {
  post(req: StationRequest): Promise<StationResult>;
  /** the absolute URL a registry endpoint resolves to */
  resolve(url: string): string;
  /** our paForNode.xsd, compiled once: the outbound pipeline checks every answer against it */
  readonly gate: XsdGate;
}

/**
 * The node's HTTP side towards EC stations (paForNode over SOAP 1.1): the transport step of the outbound
 * pipeline (ec/outbound.ts), which reads what comes back. Transport failures are StationFailures with
 * the code the PSP will see (spec §6.3):
 *   - no connection, or the connection dropped before an answer → PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE
 *   - no complete answer within the station's timeout          → PPT_STAZIONE_INT_PA_TIMEOUT
 *   - HTTP 404 / 503: nothing serves paForNode there           → PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO
 *   - an answer larger than 1 MiB                               → PPT_STAZIONE_INT_PA_ERRORE_RESPONSE
 * Hand-written rather than node-soap (measured: node-soap spends ~600 µs of CPU per call against ~100 µs
 * here, and does not validate answers against the XSD, which the node must do anyway).
 */
export function createStationClient(schema: XsdGate, selfBase: () => string): StationClient {
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };
  const resolve = (url: string) => (url.startsWith('/') ? `${selfBase()}${url}` : url);

  const post = (r: StationRequest): Promise<StationResult> =>
    new Promise((done) => {
      const started = process.hrtime.bigint();
      const url = resolve(r.url);
      let settled = false;
      const finish = (response: string, httpStatus: number | null, failure?: StationFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const exchange: StationExchange = { url, action: r.action, request: r.body, response, httpStatus, durationUs: Number((process.hrtime.bigint() - started) / 1000n) };
        done(failure || httpStatus === null ? { ok: false, failure: failure!, exchange } : { ok: true, exchange: { ...exchange, httpStatus } });
      };
      let req: http.ClientRequest;
      try {
        const lib = url.startsWith('https:') ? https : http;
        req = lib.request(url, {
          method: 'POST',
          agent: url.startsWith('https:') ? agents.https : agents.http,
          headers: { SOAPAction: `"${r.action}"`, 'Content-Type': 'text/xml; charset=UTF-8', 'Content-Length': Buffer.byteLength(r.body) },
        });
      } catch (err) {
        return finish('', null, new StationFailure('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', `${url}: ${(err as Error).message}`));
      }
      const timer = setTimeout(() => {
        finish('', null, new StationFailure('PPT_STAZIONE_INT_PA_TIMEOUT', `no answer from ${url} within ${r.timeoutMs} ms`));
        req.destroy();
      }, r.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => finish('', null, new StationFailure('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', `${url}: ${err.code ?? err.message}`)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(c);
        });
        res.on('error', (err: NodeJS.ErrnoException) =>
          finish('', res.statusCode ?? null, new StationFailure('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', `${url}: answer interrupted (${err.code ?? err.message})`)),
        );
        res.on('aborted', () => finish('', res.statusCode ?? null, new StationFailure('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', `${url}: answer interrupted`)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (size > MAX_ANSWER_BYTES) return finish(text, status, new StationFailure('PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', `answer larger than ${MAX_ANSWER_BYTES} bytes`));
          if (status === 404 || status === 503) return finish(text, status, new StationFailure('PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO', `${url} answered HTTP ${status}`));
          finish(text, status);
        });
      });
      req.end(r.body);
    });

  return { post, resolve, gate: schema };
}
