import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { METHODS, OPENAPI_DIR, ownDocuments, ownOpenapiViolations, ownSchemaValidator, pointer, resolveRef, underPrefix } from '../helpers/ownOpenapi';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * The OpenAPI documents of openapi/: served as written and as JSON, listed by GET /openapi, sound (every
 * $ref resolves, every schema compiles, every path under the prefixes the document claims, every error in
 * the document's declared form), and GET /admin derived from admin.yaml. The audit itself
 * (test/helpers/openapiAudit.ts) is shown to catch what it must. The documents are read as the audit reads
 * them (ownOpenapi.ts).
 */
const FILES = fs
  .readdirSync(OPENAPI_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const parsed = (file: string) => YAML.parse(fs.readFileSync(path.join(OPENAPI_DIR, file), 'utf8')) as Record<string, any>;

describe('openapi/*.yaml, read from the repository', () => {
  it('holds at least the admin and mock EC documents', () => {
    expect(FILES).toEqual(expect.arrayContaining(['admin.yaml', 'mock-ec.yaml']));
    expect(ownDocuments().map((d) => `${d.name}.yaml`)).toEqual(FILES);
  });

  describe.each(FILES)('%s', (file) => {
    const loaded = ownDocuments().find((d) => `${d.name}.yaml` === file)!;
    const doc = loaded.doc as Record<string, any>;
    const operations = Object.entries<Record<string, any>>(doc.paths).flatMap(([p, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ p, m, item, op: item[m] as Record<string, any> })),
    );

    it('is OpenAPI 3.0.3 with a title, a version, a description, servers [/] and the prefixes it claims (no trailing slash)', () => {
      expect(doc.openapi).toBe('3.0.3');
      expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String), description: expect.any(String) }));
      expect(doc.servers).toEqual([{ url: '/' }]);
      // a prefix claims itself and what is below it: /aca claims /aca/v1/…; /aca/ would claim nothing
      expect(doc['x-path-prefixes'].length).toBeGreaterThan(0);
      for (const prefix of doc['x-path-prefixes']) expect([prefix, /^\/[a-z][a-z0-9./-]*[a-z0-9]$/.test(prefix)]).toEqual([prefix, true]);
    });

    it('declares only paths under its prefixes, each operation with a summary, a unique operationId, its path parameters and described responses', () => {
      const prefixes: string[] = doc['x-path-prefixes'];
      const ids = new Set<string>();
      for (const [p] of Object.entries(doc.paths)) expect([p, prefixes.some((x) => underPrefix(p, x))]).toEqual([p, true]);
      for (const { p, m, item, op } of operations) {
        expect([p, m, typeof op.summary, typeof op.operationId]).toEqual([p, m, 'string', 'string']);
        expect([op.operationId, ids.has(op.operationId)]).toEqual([op.operationId, false]);
        ids.add(op.operationId);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const [status, r] of Object.entries<any>(op.responses))
          expect([p, m, status, typeof (r.$ref ? resolveRef(doc, r.$ref) : r)?.description]).toEqual([p, m, status, 'string']);
        // the path parameters are exactly the {names} of the template, each required
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x: any) => (x.$ref ? resolveRef(doc, x.$ref) : x));
        const inPath = params.filter((x: any) => x.in === 'path');
        const names = [...p.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!);
        expect([p, m, inPath.map((x: any) => x.name).sort()]).toEqual([p, m, [...names].sort()]);
        expect([p, m, inPath.every((x: any) => x.required === true)]).toEqual([p, m, true]);
      }
    });

    it('every $ref resolves, and every schema compiles (OpenAPI 3.0 forms read as the audit reads them)', () => {
      const refs: string[] = [];
      const schemas: string[] = Object.keys(doc.components?.schemas ?? {}).map((name) => pointer(['components', 'schemas', name]));
      // every schema of a parameter, a request or a response body, inline or shared: the values of `schema`
      // keys outside components/schemas (inside it, a property may be called "schema")
      const walk = (n: unknown, at: string[], inSchemas: boolean): void => {
        if (Array.isArray(n)) return n.forEach((x, i) => walk(x, [...at, String(i)], inSchemas));
        if (n === null || typeof n !== 'object') return;
        for (const [k, v] of Object.entries(n)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else if (k === 'schema' && !inSchemas) {
            schemas.push(pointer([...at, k]));
            walk(v, [...at, k], true);
          } else walk(v, [...at, k], inSchemas || (at.length === 1 && at[0] === 'components' && k === 'schemas'));
        }
      };
      walk(doc, [], false);
      for (const ref of refs) expect([ref, resolveRef(doc, ref) !== undefined]).toEqual([ref, true]);
      expect(schemas.length).toBeGreaterThan(0);
      for (const ref of schemas) expect([ref, compiles(loaded.name, ref)]).toEqual([ref, 'compiles']);
    });

    it('every error answer is in a form the document declares: problem JSON for our own APIs, the official forms for a twin', () => {
      const docForms = loaded.errorForms;
      // a document that imitates an official API says so, and only then may its errors take that API's forms
      if (!doc['x-official-twins']) expect(docForms).toEqual({ 'application/problem+json': 'Problem' });
      for (const route of loaded.routes)
        for (const [type, schema] of Object.entries(route.errorForms))
          expect([route.template, type, schema, doc.components?.schemas?.[schema] !== undefined]).toEqual([route.template, type, schema, true]);
      for (const { p, m, op } of operations) {
        const forms = loaded.routes.find((r) => r.template === p)!.errorForms;
        for (const [status, r] of Object.entries<any>(op.responses)) {
          if (!/^[45]/.test(status) && status !== 'default') continue;
          for (const [type, media] of Object.entries<any>((r.$ref ? resolveRef(doc, r.$ref) : r).content ?? {})) {
            // the body is the form's schema, or an allOf that starts with it (and narrows type, status, code …)
            const form = forms[type] && `#/components/schemas/${forms[type]}`;
            expect([p, m, status, type, form && derivesFrom(doc, media.schema, form)]).toEqual([p, m, status, type, form && true]);
          }
        }
      }
    });
  });
});

/** `schema` is `{$ref: form}`, or an allOf whose first member is (NotFoundProblem: allOf [Problem, …]). */
function derivesFrom(doc: Record<string, any>, schema: any, form: string): boolean {
  if (!schema) return false;
  if (schema.$ref === form) return true;
  if (schema.$ref) return derivesFrom(doc, resolveRef(doc, schema.$ref), form);
  return Array.isArray(schema.allOf) && derivesFrom(doc, schema.allOf[0], form);
}

/** 'compiles', or why not. */
function compiles(name: string, ref: string): string {
  try {
    ownSchemaValidator(name, ref);
    return 'compiles';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('served by the emulator', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ db: 'sqlite::memory:' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('GET /openapi lists every document, admin first, with its YAML and JSON URLs', async () => {
    const res = await fetch(`${server.baseUrl}/openapi`);
    expect(res.status).toBe(200);
    const { documents } = (await res.json()) as { documents: { name: string; title: string; url: string; json: string }[] };
    expect(documents[0]!.name).toBe('admin');
    expect(documents.map((d) => `${d.name}.yaml`).sort()).toEqual(FILES);
    for (const d of documents) expect(d).toEqual({ name: d.name, title: parsed(`${d.name}.yaml`).info.title, url: `/openapi/${d.name}.yaml`, json: `/openapi/${d.name}.json` });
  });

  it.each(FILES)('GET /openapi/%s is the file byte for byte (application/yaml), and .json the same document', async (file) => {
    const yaml = await fetch(`${server.baseUrl}/openapi/${file}`);
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(await yaml.text()).toBe(fs.readFileSync(path.join(OPENAPI_DIR, file), 'utf8'));
    const json = await fetch(`${server.baseUrl}/openapi/${file.replace(/\.yaml$/, '.json')}`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json.json()).toEqual(parsed(file));
  });

  it.each(['nothing.yaml', 'admin.xml', 'admin', '..%2Fpackage.json'])('GET /openapi/%s is a 404 problem naming the documents', async (name) => {
    const res = await fetch(`${server.baseUrl}/openapi/${name}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toContain('admin.yaml');
  });

  it('GET /admin lists exactly the /admin operations of admin.yaml, with their summaries', async () => {
    const doc = parsed('admin.yaml');
    const expected = Object.entries<Record<string, any>>(doc.paths)
      .filter(([p]) => p.startsWith('/admin'))
      .flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), template: p, purpose: item[m].summary })));
    const { routes } = (await (await fetch(`${server.baseUrl}/admin`)).json()) as { routes: { method: string; path: string; purpose: string }[] };
    expect(routes.map((r) => ({ method: r.method, template: r.path.replace(/\?.*$/, '').replace(/:(\w+)/g, '{$1}'), purpose: r.purpose }))).toEqual(expected);
    // a required query parameter is shown as such
    expect(routes).toContainEqual({ method: 'GET', path: '/admin/journal/export?noticeNumber=:noticeNumber', purpose: expect.stringContaining('verify') });
  });

  it('GET /api-docs is a page of our own: swagger-ui from this server, no inline script, a strict CSP', async () => {
    const res = await fetch(`${server.baseUrl}/api-docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    const sources = [...html.matchAll(/<script([^>]*)>/g)].map((m) => /src="([^"]+)"/.exec(m[1]!)?.[1]);
    expect(sources).toEqual(['/api-docs/assets/swagger-ui-bundle.js', '/api-docs/assets/swagger-ui-standalone-preset.js', '/api-docs/assets/api-docs.js']);
    for (const src of [...sources, '/api-docs/assets/swagger-ui.css', '/api-docs/assets/favicon-32x32.png']) {
      const asset = await fetch(`${server.baseUrl}${src}`);
      expect([src, asset.status]).toEqual([src, 200]);
    }
    const init = await (await fetch(`${server.baseUrl}/api-docs/assets/api-docs.js`)).text();
    expect(init).toContain('validatorUrl: null');
    expect((await fetch(`${server.baseUrl}/api-docs/assets/package.json`)).status).toBe(404);
  });
});

describe('the audit catches an answer that breaks its document', () => {
  const clock = { now: '2030-01-31T12:00:00.000Z', offsetMs: 0 };
  const problem = { type: 'https://pagopa-node-emulator/problems/not-found', title: 'Not Found', status: 404, detail: 'no token x' };

  it('is installed around fetch', () => {
    expect((globalThis.fetch as { audited?: boolean }).audited).toBe(true);
  });

  it('passes what conforms, and paths no document claims', () => {
    expect(ownOpenapiViolations('GET', '/admin/clock', 200, 'application/json; charset=utf-8', clock)).toEqual([]);
    expect(ownOpenapiViolations('GET', '/admin/tokens/x', 404, 'application/problem+json', problem)).toEqual([]);
    expect(ownOpenapiViolations('GET', '/checkout/carts/x', 200, 'text/html', '<html>')).toEqual([]);
    // a route the document does not have, answered 404 in the document's error form
    expect(ownOpenapiViolations('GET', '/admin/nothing', 404, 'application/problem+json', problem)).toEqual([]);
  });

  it("reads OpenAPI 3.0's own forms: a nullable reference (allOf + nullable), a boolean exclusiveMinimum", () => {
    const payer = ownSchemaValidator('biz-events', '#/components/schemas/CtReceiptModelResponse/properties/payer');
    expect([payer(null), payer(1), payer({})]).toEqual([true, false, false]);
    const sum = ownSchemaValidator('fdr-psp', '#/components/schemas/CreateFlowRequest/properties/sumPayments');
    expect([sum(0.01), sum(0), sum(null)]).toEqual([true, false, false]);
  });

  it.each([
    ['an undeclared field', 'GET', '/admin/clock', 200, 'application/json', { ...clock, extra: 1 }, 'additional properties "extra"'],
    ['a wrong type', 'GET', '/admin/clock', 200, 'application/json', { ...clock, offsetMs: '0' }, '/offsetMs must be integer'],
    ['an undeclared status', 'GET', '/admin/clock', 404, 'application/problem+json', problem, 'declares no 404'],
    ['an undeclared media type', 'GET', '/admin/clock', 200, 'text/plain', 'now', 'not text/plain'],
    ['an undeclared path answered 200', 'GET', '/admin/nothing', 200, 'application/json', {}, 'no path of openapi/admin.yaml matches'],
    ['an undeclared method', 'DELETE', '/admin/clock', 200, 'application/json', clock, 'without DELETE'],
    ['a problem without its type', 'GET', '/admin/tokens/x', 404, 'application/problem+json', { title: 'Not Found', status: 404 }, "required property 'type'"],
    ['a body on a 204', 'DELETE', '/mock-ec/v1/history', 204, null, 'x', 'declares no body'],
    // a twin's prefix claims its paths like any other (/fdr-psp, not /fdr-psp/)
    ['an undeclared path of a twin answered 200', 'GET', '/fdr-psp/service/v1/nothing', 200, 'application/json', {}, 'no path of openapi/fdr-psp.yaml matches'],
    [
      'a twin error not in its official form',
      'GET',
      '/pagopa-gpd-payments-pull/v1/payment-notices/v1',
      400,
      'application/problem+json',
      problem,
      'declares application/json, not application/problem+json',
    ],
  ])('%s', (_what, method, p, status, type, body, message) => {
    const found = ownOpenapiViolations(method as string, p as string, status as number, type as string | null, body);
    expect(found.join('\n')).toContain(message);
  });
});
