// Validates SOAP response envelopes in a worker thread: libxml2-wasm is ESM with top-level await, which
// jest's CommonJS test sandbox cannot import reliably, so the tests hand XML to this plain-ESM worker.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { XmlDocument, XmlElement, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const NODE_NS = 'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd';
const PA_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
// the legacy operations of nodeForPsp.wsdl (nodoInviaFlussoRendicontazione, nodoChiedi*Informativa*)
const PPT_NS = 'http://ws.pagamenti.telematici.gov/';

xmlRegisterFsInputProviders();
const compile = (file) => XsdValidator.fromDoc(XmlDocument.fromBuffer(fs.readFileSync(file), { url: file }));
const validator = compile(workerData.xsd);
// our extension operations (spec §9.4) exist only in our own XSD: their responses are checked against it
const ownValidator = workerData.own && workerData.own !== workerData.xsd ? compile(workerData.own) : validator;
const EXTENSION = /^paGetPaymentsByDebtor(Request|Response)$/;
// messages between the node and EC stations (paForNode): the official schema, else ours
const paValidator = compile(workerData.paXsd);
const pptValidator = compile(workerData.pptXsd);
// nodeForPa's reporting reads share that namespace but live in their own schema file
const nfpaValidator = compile(workerData.nfpaXsd);
const NODE_FOR_PA = /^nodoChiedi(ElencoFlussi|Flusso)Rendicontazione(Risposta)?$/;
// standalone documents (the base64 payloads of the catalogue and informativa answers), by schema file
const documentValidators = new Map();
const documentValidator = (file) => {
  if (!documentValidators.has(file)) documentValidators.set(file, compile(file));
  return documentValidators.get(file);
};

function checkDocument(xml, xsd) {
  let doc;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (err) {
    return { error: `document is not well-formed XML: ${err.message}\n${xml.slice(0, 300)}` };
  }
  try {
    documentValidator(xsd).validate(doc);
    return { element: doc.root.name, isFault: false };
  } catch (err) {
    const details = (err.details ?? []).map((d) => d.message.trim()).join('\n') || err.message;
    return { error: `document is not valid against ${xsd}:\n${details}\n${xml}` };
  } finally {
    doc.dispose();
  }
}

function check(xml) {
  let doc;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (err) {
    return { error: `response is not well-formed XML: ${err.message}\n${xml.slice(0, 300)}` };
  }
  try {
    const root = doc.root;
    if (root.name !== 'Envelope' || root.namespaceUri !== SOAP_ENV) return { error: `response root is not a SOAP 1.1 Envelope: ${xml.slice(0, 200)}` };
    let body;
    for (let n = root.firstChild; n; n = n.next) if (n instanceof XmlElement && n.name === 'Body' && n.namespaceUri === SOAP_ENV) body = n;
    if (!body) return { error: 'response has no soap Body' };
    let child;
    for (let n = body.firstChild; n; n = n.next)
      if (n instanceof XmlElement) {
        child = n;
        break;
      }
    if (!child) return { error: 'response Body is empty' };
    if (child.name === 'Fault' && child.namespaceUri === SOAP_ENV) return { element: 'Fault', isFault: true };
    if (child.namespaceUri === PA_NS) {
      try {
        paValidator.validate(child);
      } catch (err) {
        const details = (err.details ?? []).map((d) => d.message.trim()).join('\n') || err.message;
        return { error: `message is not valid against ${workerData.paXsd}:\n${details}\n${xml}` };
      }
      return { element: child.name, isFault: false };
    }
    if (child.namespaceUri === PPT_NS) {
      const pa = NODE_FOR_PA.test(child.name);
      try {
        (pa ? nfpaValidator : pptValidator).validate(child);
      } catch (err) {
        const details = (err.details ?? []).map((d) => d.message.trim()).join('\n') || err.message;
        return { error: `response is not valid against ${pa ? workerData.nfpaXsd : workerData.pptXsd}:\n${details}\n${xml}` };
      }
      return { element: child.name, isFault: false };
    }
    if (child.namespaceUri !== NODE_NS) return { error: `response element ${child.name} is in namespace ${child.namespaceUri}` };
    const own = EXTENSION.test(child.name);
    try {
      (own ? ownValidator : validator).validate(child);
    } catch (err) {
      const details = (err.details ?? []).map((d) => d.message.trim()).join('\n') || err.message;
      return { error: `response is not valid against ${own ? workerData.own : workerData.xsd}:\n${details}\n${xml}` };
    }
    return { element: child.name, isFault: false };
  } finally {
    doc.dispose();
  }
}

parentPort.on('message', ({ id, xml, xsd }) => parentPort.postMessage({ id, ...(xsd ? checkDocument(xml, xsd) : check(xml)) }));
