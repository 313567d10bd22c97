import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { REFERENCE_DIR } from '../helpers/openapi';

/**
 * The shape of the documents of the APIs with an official twin, without a server: what a browser page or a
 * client generator needs (OpenAPI 3.0.3, unique operationIds, every $ref resolving, every path parameter
 * declared, every response described), the conventions the emulator serves them by (full paths, `servers: /`,
 * `x-path-prefixes` owning every path), and the official file each one names as its twin.
 */
const DIR = path.resolve(__dirname, '../../openapi');
const TWINS: Record<string, string[]> = {
  'aca-gpd.yaml': ['paCreatePosition.json', 'gpd-4-aca.json'],
  'gpd-receipts.yaml': ['gpd_payments.json'],
  'payments-pull.yaml': ['gpd-payments-pull/openapi.json'],
  'fdr-psp.yaml': ['fdr_psp.json'],
  'fdr-org.yaml': ['fdr_organization.json'],
  'biz-events.yaml': ['biz_events.json'],
  'backoffice.yaml': ['openapi_backoffice_external_ec.json', 'openapi_backoffice_external_psp.json'],
  'carts.yaml': ['checkout_v1.json', 'checkout_v2.json'],
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

type Json = Record<string, any>;

/** Every `$ref` value in the document, with where it sits. */
function refs(node: unknown, at = '#'): [string, string][] {
  if (Array.isArray(node)) return node.flatMap((n, i) => refs(n, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Json).flatMap(([k, v]) => (k === '$ref' ? [[at, v as string] as [string, string]] : refs(v, `${at}/${k}`)));
}

function resolve(doc: Json, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((o, k) => o?.[k], doc);
}

describe.each(Object.keys(TWINS))('openapi/%s', (file) => {
  const doc = YAML.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Json;
  const operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ path: p, method: m, item, op: item[m] as Json })),
  );

  it('is OpenAPI 3.0.3 served as the emulator serves its documents', () => {
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String), description: expect.any(String) });
    expect(doc.servers).toEqual([{ url: '/' }]);
    const prefixes = doc['x-path-prefixes'] as string[];
    expect(prefixes.length).toBeGreaterThan(0);
    for (const p of Object.keys(doc.paths)) expect({ p, owned: prefixes.some((x) => p.startsWith(x)) }).toEqual({ p, owned: true });
  });

  it('names its official twin, which is in the reference folder', () => {
    for (const twin of TWINS[file]!) {
      expect(doc.info.description).toContain(`\`${twin}\``);
      const full = twin.includes('/') ? path.join(REFERENCE_DIR, twin) : path.join(REFERENCE_DIR, 'pagopa-api/openapi', twin);
      if (fs.existsSync(REFERENCE_DIR)) expect(fs.existsSync(full)).toBe(true);
    }
  });

  it('every $ref resolves, every operationId is unique, every response is described', () => {
    for (const [at, ref] of refs(doc)) expect({ at, ref, resolves: ref.startsWith('#/') && resolve(doc, ref) !== undefined }).toEqual({ at, ref, resolves: true });
    const ids = operations.map((o) => o.op.operationId as string);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of operations) {
      expect(Object.keys(o.op.responses ?? {}).length).toBeGreaterThan(0);
      for (const [code, r] of Object.entries(o.op.responses as Json)) {
        const response = (r.$ref ? resolve(doc, r.$ref) : r) as Json;
        expect({ op: `${o.method} ${o.path} ${code}`, described: typeof response.description === 'string' }).toEqual({ op: `${o.method} ${o.path} ${code}`, described: true });
      }
    }
  });

  it("every path template's parameter is declared in: path, required", () => {
    for (const o of operations) {
      const declared = [...(o.item.parameters ?? []), ...(o.op.parameters ?? [])].map((p: Json) => (p.$ref ? resolve(doc, p.$ref) : p) as Json);
      const inPath = declared.filter((p) => p.in === 'path');
      const names = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect({ op: `${o.method} ${o.path}`, params: inPath.map((p) => p.name).sort() }).toEqual({ op: `${o.method} ${o.path}`, params: [...names].sort() });
      expect(inPath.every((p) => p.required === true)).toBe(true);
    }
  });
});
