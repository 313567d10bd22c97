/**
 * REST answers checked against the emulator's OWN OpenAPI documents (openapi/*.yaml), which is what keeps
 * those documents from drifting away from the handlers. A minimal stand-in with the agreed signature: the
 * jest-wide audit replaces it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

export const OPENAPI_DIR = path.resolve(__dirname, '../../openapi');

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface PathEntry {
  template: string;
  re: RegExp;
  /** literal segments: the more, the more specific (a literal beats a parameter at the same place) */
  literals: number;
  item: Json;
}
export interface OwnDocument {
  file: string;
  doc: Json;
  prefixes: string[];
  paths: PathEntry[];
}

let loaded: OwnDocument[] | undefined;

/** Every openapi/*.yaml, parsed once. */
export function ownDocuments(): OwnDocument[] {
  if (loaded) return loaded;
  loaded = fs
    .readdirSync(OPENAPI_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const doc = YAML.parse(fs.readFileSync(path.join(OPENAPI_DIR, file), 'utf8')) as Json;
      const paths = Object.entries((doc.paths ?? {}) as Record<string, Json>).map(([template, item]) => ({
        template,
        re: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}$`),
        literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
        item,
      }));
      return { file, doc, prefixes: (doc['x-path-prefixes'] ?? []) as string[], paths };
    });
  return loaded;
}

/** The document and path template that serve `urlPath` (the most specific one), if any. */
export function matchOwnPath(urlPath: string): { document: OwnDocument; entry: PathEntry } | undefined {
  const p = urlPath.split('?')[0]!;
  let best: { document: OwnDocument; entry: PathEntry } | undefined;
  for (const document of ownDocuments()) {
    for (const entry of document.paths) {
      if (entry.re.test(p) && (!best || entry.literals > best.entry.literals)) best = { document, entry };
    }
  }
  return best;
}

/**
 * The violations of one answer: [] when `method urlPath` answered `status` with this Content-Type and body
 * as its document declares; a path under a document's x-path-prefixes that no document declares, an
 * undeclared method or status, an undeclared media type or a body the schema refuses are violations. A
 * path no document owns is not ours to judge: [].
 */
export function ownOpenapiViolations(method: string, urlPath: string, status: number, contentType: string | null, body: unknown): string[] {
  const p = urlPath.split('?')[0]!;
  const m = method.toLowerCase();
  const where = `${method.toUpperCase()} ${p} → ${status}`;
  const found = matchOwnPath(p);
  if (!found) {
    const owner = ownDocuments().find((d) => d.prefixes.some((prefix) => p.startsWith(prefix)));
    return owner ? [`${where}: ${owner.file} owns the prefix but declares no such path`] : [];
  }
  const { document, entry } = found;
  const op = entry.item[m] as Json | undefined;
  if (!op || !METHODS.includes(m)) return [`${where}: ${document.file} declares no ${method.toUpperCase()} on ${entry.template}`];
  const code = String(status);
  const declared = op.responses?.[code] ?? op.responses?.[`${code[0]}XX`] ?? op.responses?.default;
  if (!declared) return [`${where}: ${document.file} ${method.toUpperCase()} ${entry.template} declares no ${status} (only ${Object.keys(op.responses ?? {}).join(', ')})`];
  const response = deref(document.doc, declared);
  const content = response.content as Record<string, Json> | undefined;
  const empty = body === undefined || body === null || body === '';
  if (!content || Object.keys(content).length === 0) return empty ? [] : [`${where}: declared without a body, but one came (${String(contentType)})`];
  if (empty) return [`${where}: declared with a body (${Object.keys(content).join(', ')}), none came`];
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const key = Object.keys(content).find((k) => k.toLowerCase() === media);
  if (!key) return [`${where}: Content-Type ${String(contentType)} is not declared (${Object.keys(content).join(', ')})`];
  const schema = content[key]!.schema as Json | undefined;
  if (!schema) return [];
  const validate = validator(document, `${entry.template} ${m} ${code} ${key}`, schema);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${where}: body${e.instancePath} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** A `$ref` to components/responses (or any local pointer), followed. */
function deref(doc: Json, node: Json): Json {
  let n = node;
  for (let i = 0; i < 10 && typeof n.$ref === 'string'; i++) {
    n = (n.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<Json>((o, k) => o?.[k], doc);
    if (!n) throw new Error(`unresolved $ref ${node.$ref}`);
  }
  return n;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// OpenAPI's numeric formats and the like say nothing JSON Schema checks
for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
const compiled = new Map<string, ValidateFunction>();

function validator(document: OwnDocument, key: string, schema: Json): ValidateFunction {
  const id = `${document.file} ${key}`;
  let v = compiled.get(id);
  if (!v) {
    const definitions = toJsonSchema(document.doc.components?.schemas ?? {}) as Json;
    v = ajv.compile({ definitions, allOf: [toJsonSchema(schema)] });
    compiled.set(id, v);
  }
  return v;
}

/**
 * OpenAPI 3.0 schema → JSON Schema draft 7: `nullable` becomes a null type, the boolean exclusive bounds of
 * draft 4 become numbers, component references point at `definitions`.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const o: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'example' || k === 'examples' || k === 'xml' || k === 'externalDocs' || k === 'discriminator') continue;
    o[k] = toJsonSchema(v);
  }
  if (typeof o.$ref === 'string') o.$ref = (o.$ref as string).replace('#/components/schemas/', '#/definitions/');
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof o[flag] === 'boolean') {
      if (o[flag] && typeof o[bound] === 'number') {
        o[flag] = o[bound];
        delete o[bound];
      } else delete o[flag];
    }
  }
  if (o.nullable === true) {
    delete o.nullable;
    if (typeof o.type === 'string') o.type = [o.type, 'null'];
    if (Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
    if (o.type === undefined) return { anyOf: [o, { type: 'null' }] };
  }
  return o;
}
