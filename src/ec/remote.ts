import http from 'node:http';
import https from 'node:https';
import { StationFailure } from '../nodo/faults';
import type { EcBackend, EcCall } from './backend';

/** spec §4.6: the node waits at most 7 s for paVerifyPaymentNotice and paGetPayment. */
export const EC_CALL_TIMEOUT_MS = 7000;

/**
 * A creditor institution's own paForNode endpoint. This landing only connects: a station that cannot
 * be reached gives PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE, one that does not answer in time _TIMEOUT.
 * Building the paVerifyPaymentNotice/paGetPayment(V2) messages and validating the answers is the next
 * step (issue 4); until then any answer is reported as PPT_STAZIONE_INT_PA_ERRORE_RESPONSE.
 */
export function remoteBackend(timeoutMs = EC_CALL_TIMEOUT_MS): EcBackend {
  const call = async (c: EcCall, action: string): Promise<never> => {
    const url = c.ec.station.backend.url;
    if (!url) throw new StationFailure('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', `station ${c.ec.station.stationCode} has no endpoint`);
    await probe(url, action, timeoutMs);
    throw new StationFailure('PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', `remote ${action} is not implemented yet`);
  };
  return {
    verify: (c) => call(c, 'paVerifyPaymentNotice'),
    getPayment: (c) => call(c, c.ec.primitiveVersion === 2 ? 'paGetPaymentV2' : 'paGetPayment'),
  };
}

function probe(url: string, action: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith('https:') ? https : http;
    const req = lib.request(url, { method: 'POST', headers: { SOAPAction: action, 'Content-Type': 'text/xml; charset=UTF-8' }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('timeout', () => {
      req.destroy();
      reject(new StationFailure('PPT_STAZIONE_INT_PA_TIMEOUT', `no answer from ${url} within ${timeoutMs} ms`));
    });
    req.on('error', (err) => reject(new StationFailure('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', `${url}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
    req.end();
  });
}
