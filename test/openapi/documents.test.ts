import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { OPENAPI_DIR, ownOpenapiViolations } from '../helpers/ownOpenapi';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * The OpenAPI documents of openapi/: served as written and as JSON, listed by GET /openapi, sound (every
 * $ref resolves, every schema compiles, every path under the prefixes the document claims), and GET /admin
 * derived from admin.yaml. The audit itself (test/helpers/openapiAudit.ts) is shown to catch what it must.
 */
const FILES = fs
  .readdirSync(OPENAPI_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const parsed = (file: string) => YAML.parse(fs.readFileSync(path.join(OPENAPI_DIR, file), 'utf8')) as Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

describe('openapi/*.yaml, read from the repository', () => {
  it('holds at least the admin and mock EC documents', () => {
    expect(FILES).toEqual(expect.arrayContaining(['admin.yaml', 'mock-ec.yaml']));
  });

  describe.each(FILES)('%s', (file) => {
    const doc = parsed(file);

    it('is OpenAPI 3.0.3 with a title, a version, a description, servers [/] and the prefixes it claims', () => {
      expect(doc.openapi).toBe('3.0.3');
      expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String), description: expect.any(String) }));
      expect(doc.servers).toEqual([{ url: '/' }]);
      expect(doc['x-path-prefixes']).toEqual(expect.arrayContaining([expect.stringMatching(/^\/[a-z]/)]));
    });

    it('declares only paths under its prefixes, each operation with a summary, an operationId and its responses', () => {
      const prefixes: string[] = doc['x-path-prefixes'];
      const ids = new Set<string>();
      for (const [p, item] of Object.entries<Record<string, any>>(doc.paths)) {
        expect([p, prefixes.some((x) => p === x || p.startsWith(`${x}/`))]).toEqual([p, true]);
        for (const m of METHODS.filter((x) => item[x])) {
          const op = item[m];
          expect([p, m, typeof op.summary, typeof op.operationId]).toEqual([p, m, 'string', 'string']);
          expect(ids.has(op.operationId)).toBe(false);
          ids.add(op.operationId);
          expect(Object.keys(op.responses).length).toBeGreaterThan(0);
          // every {name} of the path is a declared path parameter
          const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x: any) => (x.$ref ? resolve(doc, x.$ref) : x));
          for (const [, name] of p.matchAll(/\{([^}]+)\}/g))
            expect([p, m, name, params.some((x: any) => x.in === 'path' && x.name === name && x.required === true)]).toEqual([p, m, name, true]);
        }
      }
    });

    it('every $ref resolves, and every schema compiles', () => {
      const refs: string[] = [];
      const walk = (n: unknown): void => {
        if (Array.isArray(n)) return n.forEach(walk);
        if (n === null || typeof n !== 'object') return;
        for (const [k, v] of Object.entries(n)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      };
      walk(doc);
      for (const ref of refs) expect([ref, resolve(doc, ref) !== undefined]).toEqual([ref, true]);
      const ajv = new Ajv({ strict: false });
      addFormats(ajv);
      for (const f of ['binary', 'byte', 'int32', 'int64', 'float', 'double', 'password']) ajv.addFormat(f, true);
      ajv.addSchema(doc, 'doc');
      for (const name of Object.keys(doc.components?.schemas ?? {})) expect(() => ajv.compile({ $ref: `doc#/components/schemas/${name}` })).not.toThrow();
    });

    it("every error answer is problem JSON (or, in pagoPA mode, the texts of pagoPA's mock)", () => {
      for (const [p, item] of Object.entries<Record<string, any>>(doc.paths))
        for (const m of METHODS.filter((x) => item[x]))
          for (const [status, r] of Object.entries<any>(item[m].responses)) {
            if (Number(status) < 400) continue;
            const content = (r.$ref ? resolve(doc, r.$ref) : r).content ?? {};
            const types = Object.keys(content);
            const pagopaMode = p.startsWith('/mock-ec/') && !p.startsWith('/mock-ec/v1/');
            expect([p, m, status, types.every((t) => t === 'application/problem+json' || (pagopaMode && (t === 'text/html' || t === 'application/json')))]).toEqual([
              p,
              m,
              status,
              true,
            ]);
          }
    });
  });
});

function resolve(doc: Record<string, any>, ref: string): any {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((n, k) => (n === undefined ? undefined : n[k]), doc);
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

  it.each([
    ['an undeclared field', 'GET', '/admin/clock', 200, 'application/json', { ...clock, extra: 1 }, 'additional properties "extra"'],
    ['a wrong type', 'GET', '/admin/clock', 200, 'application/json', { ...clock, offsetMs: '0' }, '/offsetMs must be integer'],
    ['an undeclared status', 'GET', '/admin/clock', 404, 'application/problem+json', problem, 'declares no 404'],
    ['an undeclared media type', 'GET', '/admin/clock', 200, 'text/plain', 'now', 'not text/plain'],
    ['an undeclared path answered 200', 'GET', '/admin/nothing', 200, 'application/json', {}, 'no path of openapi/admin.yaml matches'],
    ['an undeclared method', 'DELETE', '/admin/clock', 200, 'application/json', clock, 'without DELETE'],
    ['a problem without its type', 'GET', '/admin/tokens/x', 404, 'application/problem+json', { title: 'Not Found', status: 404 }, "required property 'type'"],
    ['a body on a 204', 'DELETE', '/mock-ec/v1/history', 204, null, 'x', 'declares no body'],
  ])('%s', (_what, method, p, status, type, body, message) => {
    const found = ownOpenapiViolations(method as string, p as string, status as number, type as string | null, body);
    expect(found.join('\n')).toContain(message);
  });
});
