import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import { expectOpenApiResponse } from '../helpers/openapi';
import { ROOT, tempDir } from '../helpers/server';

/**
 * A PSP's view of /fdr-psp/service/v1 for the tests: every answer declared by fdr_psp.json (2xx, 400, 404) is
 * checked against it; the raw text is kept too (amounts must be written `100.00`).
 */
export const FDR_PSP_SPEC = 'pagopa-api/openapi/fdr_psp.json';
export const PSP = '60000000001';
export const PSP_KEY = 'demo-psp-60000000001';
export const EC = '77777777777';
export const DISABLED_PSP_KEY = 'test-psp-not-enabled';

/** The demo registry plus a key of the disabled PSP (so that FDR-2001 can be reached through the gateway). */
export function testRegistry(): string {
  const demo = fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8');
  const file = path.join(tempDir(), 'registry.yaml');
  fs.writeFileSync(file, demo.replace('subscriptionKeys:\n', `subscriptionKeys:\n  - { key: "${DISABLED_PSP_KEY}", pspCode: "NOT_ENABLED" }\n`));
  return file;
}

export interface Answer {
  status: number;
  body: any;
  text: string;
}

/** fdr_psp.json path templates, matched from the concrete path */
const TEMPLATES: [RegExp, string][] = [
  [/^\/psps\/[^/]+\/fdrs\/[^/]+$/, '/psps/{pspId}/fdrs/{fdr}'],
  [/^\/psps\/[^/]+\/fdrs\/[^/]+\/payments\/add$/, '/psps/{pspId}/fdrs/{fdr}/payments/add'],
  [/^\/psps\/[^/]+\/fdrs\/[^/]+\/payments\/del$/, '/psps/{pspId}/fdrs/{fdr}/payments/del'],
  [/^\/psps\/[^/]+\/fdrs\/[^/]+\/publish$/, '/psps/{pspId}/fdrs/{fdr}/publish'],
  [/^\/psps\/[^/]+\/created$/, '/psps/{pspId}/created'],
  [/^\/psps\/[^/]+\/created\/fdrs\/[^/]+\/organizations\/[^/]+$/, '/psps/{pspId}/created/fdrs/{fdr}/organizations/{organizationId}'],
  [/^\/psps\/[^/]+\/created\/fdrs\/[^/]+\/organizations\/[^/]+\/payments$/, '/psps/{pspId}/created/fdrs/{fdr}/organizations/{organizationId}/payments'],
  [/^\/psps\/[^/]+\/published$/, '/psps/{pspId}/published'],
  [/^\/psps\/[^/]+\/published\/fdrs\/[^/]+\/revisions\/[^/]+\/organizations\/[^/]+$/, '/psps/{pspId}/published/fdrs/{fdr}/revisions/{revision}/organizations/{organizationId}'],
  [
    /^\/psps\/[^/]+\/published\/fdrs\/[^/]+\/revisions\/[^/]+\/organizations\/[^/]+\/payments$/,
    '/psps/{pspId}/published/fdrs/{fdr}/revisions/{revision}/organizations/{organizationId}/payments',
  ],
];

export class FdrPspClient {
  constructor(
    readonly baseUrl: string,
    /** null: no key at all */
    readonly key: string | null = PSP_KEY,
  ) {}

  withKey(key: string | null): FdrPspClient {
    return new FdrPspClient(this.baseUrl, key);
  }

  async call(method: string, pathAndQuery: string, body?: unknown, opts: { raw?: string } = {}): Promise<Answer> {
    const res = await fetch(`${this.baseUrl}/fdr-psp/service/v1${pathAndQuery}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(this.key !== null ? { 'Ocp-Apim-Subscription-Key': this.key } : {}) },
      body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    const p = pathAndQuery.split('?')[0]!;
    const template = TEMPLATES.find(([re]) => re.test(p))?.[1];
    if (template && [200, 201, 400, 404].includes(res.status)) expectOpenApiResponse(FDR_PSP_SPEC, template, method, res.status, parsed);
    if (res.status >= 500) throw new Error(`${method} ${pathAndQuery} → ${res.status} ${text}`);
    return { status: res.status, body: parsed, text };
  }

  create(name: string, body: unknown, psp = PSP) {
    return this.call('POST', `/psps/${psp}/fdrs/${name}`, body);
  }
  add(name: string, payments: unknown[], psp = PSP) {
    return this.call('PUT', `/psps/${psp}/fdrs/${name}/payments/add`, { payments });
  }
  del(name: string, indexList: number[], psp = PSP) {
    return this.call('PUT', `/psps/${psp}/fdrs/${name}/payments/del`, { indexList });
  }
  publish(name: string, psp = PSP) {
    return this.call('POST', `/psps/${psp}/fdrs/${name}/publish`);
  }
  deleteDraft(name: string, psp = PSP) {
    return this.call('DELETE', `/psps/${psp}/fdrs/${name}`);
  }
}

export function createBody(name: string, over: Record<string, unknown> = {}, sender: Record<string, unknown> = {}, receiver: Record<string, unknown> = {}) {
  return {
    fdr: name,
    fdrDate: '2025-03-11T06:30:00Z',
    sender: { type: 'LEGAL_PERSON', id: PSP, pspId: PSP, pspName: 'Banca Esempio S.p.A.', pspBrokerId: PSP, channelId: '60000000001_01', ...sender },
    receiver: { id: EC, organizationId: EC, organizationName: 'Comune di Esempio', ...receiver },
    regulation: 'SCT-20250311-000123',
    regulationDate: '2025-03-11',
    bicCodePouringBank: 'BNKAITRRXXX',
    totPayments: 3,
    sumPayments: 147.84,
    ...over,
  };
}

export const payment = (index: number, pay = 1, over: Record<string, unknown> = {}) => ({
  index,
  iuv: `0200000000000${String(index).padStart(4, '0')}`,
  iur: `iur${index}`,
  idTransfer: 1,
  pay,
  payStatus: 'EXECUTED',
  payDate: '2025-03-10T09:15:00Z',
  ...over,
});

/** One error answer: status, FDR code and the first item's message (and path when given). */
export function expectFdrError(a: Answer, status: number, code: string, message?: string, path?: string): void {
  expect({ status: a.status, code: a.body?.appErrorCode }).toEqual({ status, code });
  expect(a.body.httpStatusCode).toBe(status);
  if (message !== undefined) expect(a.body.errors[0].message).toBe(message);
  if (path !== undefined) expect(a.body.errors[0].path).toBe(path);
}

let counter = 0;
/** A fresh flow name of the PSP (unique per test run). */
export function flowName(date = '2025-03-11', psp = PSP): string {
  counter += 1;
  return `${date}${psp}-${process.pid % 10000}x${counter}`;
}
