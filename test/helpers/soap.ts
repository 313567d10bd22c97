import * as soap from 'soap';
import { XMLParser } from 'fast-xml-parser';
import { assertValidResponse } from './xsd';

/** The demo registry's PSP credentials (registry/demo.yaml). */
export const PSP = { idPSP: '60000000001', idBrokerPSP: '60000000001', idChannel: '60000000001_01', password: 'pwdpwdpwd' };
export const PSP_V2 = { ...PSP, idChannel: '60000000001_08' };
export const ECOMMERCE = { idPSP: '36892710904', idBrokerPSP: '36892710904', idChannel: '36892710904_02', password: 'pwdpwdpwd' };
export const EC = '66666666666';

let counter = 0;
/** A fresh notice number on the synthetic station (segregation code 02): `30211` + 13 digits. */
export function freshNotice(): string {
  counter = (counter + 1) % 1000;
  const n = `${Date.now() % 1e10}`.padStart(10, '0') + String(counter).padStart(3, '0');
  return `30211${n}`;
}

export const DETAILS = {
  paymentMethod: 'creditCard',
  paymentChannel: 'app',
  fee: '1.00',
  payer: { uniqueIdentifier: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RSSMRA80A01H501U' }, fullName: 'Mario Rossi' },
  applicationDate: '2026-11-22',
  transferDate: '2026-11-23',
};

export interface SoapResult {
  outcome?: string;
  fault?: { faultCode: string; faultString: string; id: string; description?: string; originalFaultCode?: string; originalFaultString?: string; originalDescription?: string };
  [k: string]: unknown;
}

/** A node-soap client built from the served WSDL; every raw response is XSD-checked before it is returned. */
export class NodeForPsp {
  private constructor(private readonly client: soap.Client) {}

  static async connect(wsdlUrl: string, endpoint?: string): Promise<NodeForPsp> {
    const client = await soap.createClientAsync(wsdlUrl);
    if (endpoint) client.setEndpoint(endpoint);
    return new NodeForPsp(client);
  }

  async call(operation: string, args: object): Promise<{ result: SoapResult; raw: string }> {
    const fn = (this.client as unknown as Record<string, (a: object) => Promise<[SoapResult, string]>>)[`${operation}Async`];
    if (!fn) throw new Error(`the WSDL has no operation ${operation}`);
    const [result, raw] = await fn.call(this.client, args);
    await assertValidResponse(raw);
    return { result, raw };
  }

  verify(noticeNumber: string, creds: object = PSP, fiscalCode = EC) {
    return this.call('verifyPaymentNotice', { ...creds, qrCode: { fiscalCode, noticeNumber } });
  }

  activate(noticeNumber: string, extra: object = {}, creds: object = PSP, fiscalCode = EC) {
    return this.call('activatePaymentNotice', {
      ...creds,
      ...pick(extra, 'idempotencyKey'),
      qrCode: { fiscalCode, noticeNumber },
      ...omit(extra, 'idempotencyKey'),
      amount: (extra as { amount?: string }).amount ?? '10.00',
    });
  }

  activateV2(noticeNumber: string, extra: object = {}, creds: object = PSP_V2, fiscalCode = EC) {
    return this.call('activatePaymentNoticeV2', {
      ...creds,
      ...pick(extra, 'idempotencyKey'),
      qrCode: { fiscalCode, noticeNumber },
      ...omit(extra, 'idempotencyKey'),
      amount: (extra as { amount?: string }).amount ?? '10.00',
    });
  }

  outcome(paymentToken: string, outcome: 'OK' | 'KO' = 'OK', extra: { idempotencyKey?: string; details?: object | null } = {}, creds: object = PSP) {
    const details = extra.details === undefined ? DETAILS : extra.details;
    return this.call('sendPaymentOutcome', {
      ...creds,
      ...(extra.idempotencyKey ? { idempotencyKey: extra.idempotencyKey } : {}),
      paymentToken,
      outcome,
      ...(details ? { details } : {}),
    });
  }

  /** Our extension; `extra` keys are written in XSD order whatever order the caller used. */
  byDebtor(
    type: 'F' | 'G',
    value: string,
    extra: { fiscalCodePA?: string; dueDateFrom?: string; status?: 'UNPAID' | 'ALL'; limit?: number; page?: number } = {},
    creds: object = PSP,
  ) {
    const ordered: Record<string, unknown> = {};
    for (const k of ['fiscalCodePA', 'dueDateFrom', 'status', 'limit', 'page'] as const) if (extra[k] !== undefined) ordered[k] = extra[k];
    return this.call('paGetPaymentsByDebtor', { ...creds, debtor: { entityUniqueIdentifierType: type, entityUniqueIdentifierValue: value }, ...ordered });
  }

  outcomeV2(paymentTokens: string[], outcome: 'OK' | 'KO' = 'OK', extra: { idempotencyKey?: string; details?: object | null } = {}, creds: object = PSP_V2) {
    const details = extra.details === undefined ? DETAILS : extra.details;
    return this.call('sendPaymentOutcomeV2', {
      ...creds,
      ...(extra.idempotencyKey ? { idempotencyKey: extra.idempotencyKey } : {}),
      paymentTokens: { paymentToken: paymentTokens },
      outcome,
      ...(details ? { details } : {}),
    });
  }
}

// node-soap writes object keys in insertion order, and the XSD wants idempotencyKey before qrCode
function pick(o: object, k: string): object {
  return k in o ? { [k]: (o as Record<string, unknown>)[k] } : {};
}
function omit(o: object, k: string): object {
  const { [k]: _drop, amount: _amount, ...rest } = o as Record<string, unknown>;
  return rest;
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });

export interface RawResponse {
  status: number;
  contentType: string | null;
  body: string;
  /** the Body child, parsed (prefix-free) */
  payload: Record<string, unknown> & { outcome?: string; fault?: { faultCode: string; description?: string; faultString?: string; id?: string } };
  element: string;
  isFault: boolean;
  soapFault?: { faultcode: string; faultstring: string; detail?: string };
}

/** POSTs a hand-written envelope; the answer is XSD-checked like every other. */
export async function postSoap(url: string, xml: string, soapAction?: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=UTF-8', ...(soapAction !== undefined ? { SOAPAction: soapAction } : {}), ...headers },
    body: xml,
  });
  const body = await res.text();
  const checked = await assertValidResponse(body);
  const env = parser.parse(body).Envelope.Body;
  const payload = env[checked.element] ?? {};
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body,
    payload,
    element: checked.element,
    isFault: checked.isFault,
    ...(checked.isFault ? { soapFault: payload } : {}),
  };
}

export const NS = 'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd';

/** A request envelope with the given Body content, `nod:` bound to the nodeForPsp namespace. */
export function envelope(inner: string, envPrefix = 'soapenv'): string {
  return `<${envPrefix}:Envelope xmlns:${envPrefix}="http://schemas.xmlsoap.org/soap/envelope/" xmlns:nod="${NS}"><${envPrefix}:Header/><${envPrefix}:Body>${inner}</${envPrefix}:Body></${envPrefix}:Envelope>`;
}

export function credsXml(c: { idPSP: string; idBrokerPSP: string; idChannel: string; password: string } = PSP): string {
  return `<idPSP>${c.idPSP}</idPSP><idBrokerPSP>${c.idBrokerPSP}</idBrokerPSP><idChannel>${c.idChannel}</idChannel><password>${c.password}</password>`;
}

export function verifyXml(noticeNumber: string, fiscalCode = EC, c = PSP): string {
  return `<nod:verifyPaymentNoticeReq>${credsXml(c)}<qrCode><fiscalCode>${fiscalCode}</fiscalCode><noticeNumber>${noticeNumber}</noticeNumber></qrCode></nod:verifyPaymentNoticeReq>`;
}

export function activateXml(noticeNumber: string, opts: { key?: string; expirationTime?: number; amount?: string; c?: typeof PSP; fiscalCode?: string } = {}): string {
  return (
    `<nod:activatePaymentNoticeReq>${credsXml(opts.c)}${opts.key ? `<idempotencyKey>${opts.key}</idempotencyKey>` : ''}` +
    `<qrCode><fiscalCode>${opts.fiscalCode ?? EC}</fiscalCode><noticeNumber>${noticeNumber}</noticeNumber></qrCode>` +
    `${opts.expirationTime !== undefined ? `<expirationTime>${opts.expirationTime}</expirationTime>` : ''}<amount>${opts.amount ?? '10.00'}</amount></nod:activatePaymentNoticeReq>`
  );
}

/** JSON helper for the admin API. */
export async function admin<T = unknown>(baseUrl: string, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export const runJob = (baseUrl: string, name: string) => admin<{ processed: number }>(baseUrl, `/admin/jobs/${name}/run`, { method: 'POST' });
export const advanceClock = (baseUrl: string, ms: number) =>
  admin(baseUrl, '/admin/clock/advance', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ms }) });
