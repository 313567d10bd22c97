import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { narrowedWithout, REFERENCE_DIR } from './crossChecks';

/**
 * Every response a test sees goes through here: the Body child is validated against the official
 * nodeForPsp.xsd in ../shared/reference (our own xsd/ only when the reference folder is absent), by
 * libxml2 in a worker thread (xsdWorker.mjs). Our extension operations (paGetPaymentsByDebtor), which the
 * official schema does not declare, are validated against our xsd/nodeForPsp.xsd.
 */
const ROOT = path.resolve(__dirname, '../..');
export const REFERENCE_XSD = path.join(REFERENCE_DIR, 'pagopa-api/wsdl/xsd/nodeForPsp.xsd');
export const OWN_XSD = path.join(ROOT, 'xsd/nodeForPsp.xsd');
export const VALIDATING_XSD = fs.existsSync(REFERENCE_XSD) ? REFERENCE_XSD : OWN_XSD;
/** paForNode (node ↔ EC station messages): the official schema when ../shared/reference is present. */
export const REFERENCE_PA_XSD = path.join(REFERENCE_DIR, 'pagopa-api/wsdl/xsd/paForNode.xsd');
export const VALIDATING_PA_XSD = fs.existsSync(REFERENCE_PA_XSD) ? REFERENCE_PA_XSD : path.join(ROOT, 'xsd/paForNode.xsd');
/** The legacy operations' namespace (ws.pagamenti.telematici.gov): the official nodoPerPsp.xsd, else ours. */
export const REFERENCE_PPT_XSD = path.join(REFERENCE_DIR, 'pagopa-api/wsdl/xsd/nodoPerPsp.xsd');
export const VALIDATING_PPT_XSD = fs.existsSync(REFERENCE_PPT_XSD) ? REFERENCE_PPT_XSD : path.join(ROOT, 'xsd/nodoPerPsp.xsd');
/** nodeForPa (the EC's reporting reads), in the same namespace: the official nodeForPa.xsd, else ours. */
export const REFERENCE_NFPA_XSD = path.join(REFERENCE_DIR, 'pagopa-api/wsdl/xsd/nodeForPa.xsd');
export const VALIDATING_NFPA_XSD = fs.existsSync(REFERENCE_NFPA_XSD) ? REFERENCE_NFPA_XSD : path.join(ROOT, 'xsd/nodeForPa.xsd');

export interface CheckedResponse {
  /** local name of the Body child, e.g. verifyPaymentNoticeRes, or Fault */
  element: string;
  isFault: boolean;
}

let worker: Worker | undefined;
let seq = 0;
const waiting = new Map<number, (r: CheckedResponse & { error?: string }) => void>();

function validator(): Worker {
  if (!worker) {
    worker = new Worker(path.join(__dirname, 'xsdWorker.mjs'), {
      workerData: { xsd: VALIDATING_XSD, own: OWN_XSD, paXsd: VALIDATING_PA_XSD, pptXsd: VALIDATING_PPT_XSD, nfpaXsd: VALIDATING_NFPA_XSD },
    });
    worker.on('message', (m: CheckedResponse & { id: number; error?: string }) => {
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    });
    worker.on('error', (err) => {
      for (const resolve of waiting.values()) resolve({ element: '', isFault: false, error: `validator crashed: ${err.message}` });
      waiting.clear();
      worker = undefined;
    });
    // after the listeners: attaching a 'message' listener refs the worker again, and jest would not exit
    worker.unref();
  }
  return worker;
}

/**
 * Asserts the response is a SOAP 1.1 envelope whose Body child is XSD-valid against the official schema
 * (or a SOAP Fault, which the official schema does not describe). Throws with the validator's message.
 */
export async function assertValidResponse(xml: string): Promise<CheckedResponse> {
  // without the official files the check runs against our own xsd/: said once, at the end of the run
  if (VALIDATING_XSD === OWN_XSD) narrowedWithout('reference');
  return validate({ xml });
}

/**
 * A standalone document (e.g. the decoded xmlCatalogoServizi) validated against the schema file `xsd`,
 * by libxml2; throws with the validator's messages. Returns the root's local name.
 */
export async function assertValidDocument(xml: string, xsd: string): Promise<string> {
  return (await validate({ xml, xsd })).element;
}

async function validate(msg: { xml: string; xsd?: string }): Promise<CheckedResponse> {
  const id = ++seq;
  const w = validator();
  const result = await new Promise<CheckedResponse & { error?: string }>((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ id, ...msg });
  });
  if (result.error) throw new Error(result.error);
  return { element: result.element, isFault: result.isFault };
}

/**
 * The same check for a message between the node and an EC station (paForNode namespace): a request the
 * node sent (as the mock EC recorded it) or an EC answer. Validated against the official paForNode.xsd.
 */
export async function assertValidEcMessage(xml: string): Promise<CheckedResponse> {
  const checked = await assertValidResponse(xml);
  if (checked.isFault) throw new Error(`a SOAP Fault is not a paForNode message:\n${xml}`);
  return checked;
}
