import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import { expectOpenApiResponse, expectOpenApiSchema, REFERENCE_DIR } from '../helpers/openapi';
import { ownDocuments, ownOpenapiViolations, ownRoute } from '../helpers/ownOpenapi';

/**
 * The calls of the test/openapi suites: each answer must conform to the emulator's own document
 * (openapi/*.yaml, through ownOpenapiViolations) and, where the official twin declares that status, to the
 * official file too, so that our documents stay both exact and wire-compatible. Every operation a call
 * reaches is recorded (matched as the audit matches it, ownRoute), and each suite ends by asserting that
 * every operation of its document was reached: a document cannot declare a route the emulator lacks.
 */

type Json = Record<string, any>;

/** Our path prefix → the official file it is wire-compatible with (paths there are relative to the prefix). */
const TWINS: { prefix: string; file: string; nullable?: boolean }[] = [
  { prefix: '/aca/v1', file: 'pagopa-api/openapi/paCreatePosition.json' },
  { prefix: '/aca/debt-positions-service/v1', file: 'pagopa-api/openapi/gpd-4-aca.json' },
  { prefix: '/gpd/debt-positions-service/v1', file: 'pagopa-api/openapi/gpd-4-aca.json' },
  { prefix: '/gpd/payments-receipts-service/v1', file: 'pagopa-api/openapi/gpd_payments.json' },
  { prefix: '/pagopa-gpd-payments-pull/v1', file: 'gpd-payments-pull/openapi.json' },
  { prefix: '/fdr-psp/service/v1', file: 'pagopa-api/openapi/fdr_psp.json' },
  { prefix: '/fdr-org/service/v1', file: 'pagopa-api/openapi/fdr_organization.json' },
  // the service writes null for absent values, which its Java-generated file does not declare nullable
  { prefix: '/bizevents/service/v1', file: 'pagopa-api/openapi/biz_events.json', nullable: true },
  { prefix: '/backoffice/external/ec/v1', file: 'pagopa-api/openapi/openapi_backoffice_external_ec.json' },
  { prefix: '/backoffice/external/psp/v1', file: 'pagopa-api/openapi/openapi_backoffice_external_psp.json' },
  { prefix: '/checkout/ec/v1', file: 'pagopa-api/openapi/checkout_v1.json' },
  { prefix: '/checkout/ec/v2', file: 'pagopa-api/openapi/checkout_v2.json' },
];

/** `<document>.yaml <method> <template>` of every operation a call reached */
const hits = new Set<string>();

export interface Answer {
  status: number;
  contentType: string | null;
  headers: Headers;
  text: string;
  /** parsed JSON for a JSON media type, the text otherwise, undefined when empty */
  body: any;
}

export interface CallOptions {
  /** the subscription key header; null sends none */
  key?: string | null;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** One HTTP call (redirects not followed), its answer checked against both documents. */
export async function call(baseUrl: string, method: string, pathAndQuery: string, opts: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers['Ocp-Apim-Subscription-Key'] = opts.key;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  const parsed = text === '' ? undefined : /json/.test(contentType ?? '') ? JSON.parse(text) : text;
  const answer: Answer = { status: res.status, contentType, headers: res.headers, text, body: parsed };
  checkAnswer(method, pathAndQuery.split('?')[0]!, answer);
  return answer;
}

/** The answer against our document (no violation) and, where it declares this status, the official twin. */
export function checkAnswer(method: string, urlPath: string, a: Answer): void {
  const violations = ownOpenapiViolations(method, urlPath, a.status, a.contentType, a.body);
  expect({ call: `${method} ${urlPath} → ${a.status}`, violations }).toEqual({ call: `${method} ${urlPath} → ${a.status}`, violations: [] });
  const { match } = ownRoute(method, urlPath);
  if (!match) return;
  hits.add(`${match.d.name}.yaml ${method.toLowerCase()} ${match.route.template}`);
  checkTwin(method, match.route.template, a);
}

const officialCache = new Map<string, Json>();
function official(file: string): Json | undefined {
  const full = path.join(REFERENCE_DIR, file);
  if (!fs.existsSync(full)) return undefined;
  if (!officialCache.has(file)) officialCache.set(file, JSON.parse(fs.readFileSync(full, 'utf8')) as Json);
  return officialCache.get(file);
}

function checkTwin(method: string, template: string, a: Answer): void {
  const twin = TWINS.find((t) => template.startsWith(`${t.prefix}/`));
  const spec = twin && official(twin.file);
  if (!twin || !spec) return;
  const officialPath = template.slice(twin.prefix.length);
  const declared = spec.paths[officialPath]?.[method.toLowerCase()]?.responses?.[String(a.status)] as Json | undefined;
  if (declared) {
    // a response whose content has no schema (GPD's 403: only APIM's example) constrains nothing; one declared
    // without a body where we send problem JSON (the Backoffice files' 401/403) is a difference our documents state
    const content = (declared.content ?? {}) as Record<string, Json>;
    if (Object.values(content).some((c) => !c.schema)) return;
    if (declared.content === undefined && a.body !== undefined) return;
    // (a copy: the validator fills in schema defaults)
    expectOpenApiResponse(twin.file, officialPath, method, a.status, structuredClone(a.body), { nullable: twin.nullable });
  } else if (a.status >= 400 && a.body && typeof a.body === 'object' && spec.components?.schemas?.ProblemJson) {
    // an error status the file does not declare: the problem must still be the file's ProblemJson
    expectOpenApiSchema(twin.file, 'ProblemJson', structuredClone(a.body));
  }
}

/** Every operation of `file` was reached by a call of this suite. */
export function expectEveryOperationCalled(file: string): void {
  const doc = ownDocuments().find((d) => `${d.name}.yaml` === file);
  const declared = (doc?.routes ?? []).flatMap((r) => [...r.operations.keys()].map((m) => `${file} ${m.toLowerCase()} ${r.template}`));
  expect(declared.length).toBeGreaterThan(0);
  expect(declared.filter((op) => !hits.has(op))).toEqual([]);
}
