import fs from 'node:fs';
import path from 'node:path';
import { WSDL_DIR, XSD_DIR } from './xsdGate';

/**
 * Serves our WSDL and XSDs so that SoapUI, zeep and node-soap can load the service from its URL alone:
 * `soap:address` becomes the URL the client used, and every schemaLocation an absolute `?xsd=` URL on
 * the same endpoint. Files are read once; the rewrite is a string replace per request.
 */
export interface WsdlServer {
  wsdl(baseUrl: string): string;
  xsd(name: string, baseUrl: string): string | undefined;
}

/** nodeForPsp on /node-for-psp/v1 by default; the mock EC serves paForNode.wsdl on /mock-ec/v1. */
export function createWsdlServer(endpointPath = '/node-for-psp/v1', wsdlFile = 'nodeForPsp.wsdl'): WsdlServer {
  const wsdl = fs.readFileSync(path.join(WSDL_DIR, wsdlFile), 'utf8');
  const xsds = new Map(
    fs
      .readdirSync(XSD_DIR)
      .filter((f) => f.endsWith('.xsd'))
      .map((f) => [f, fs.readFileSync(path.join(XSD_DIR, f), 'utf8')]),
  );
  const rewrite = (text: string, base: string) =>
    text.replace(/schemaLocation="([^"]+)"/g, (_m, loc: string) => `schemaLocation="${base}${endpointPath}?xsd=${path.basename(loc)}"`);
  return {
    wsdl: (base) => rewrite(wsdl, base).replace(/(<soap:address\s+location=")[^"]*(")/, `$1${base}${endpointPath}$2`),
    xsd: (name, base) => {
      const text = xsds.get(name);
      return text === undefined ? undefined : rewrite(text, base);
    },
  };
}
