/**
 * REST answers checked against the emulator's OWN OpenAPI documents (openapi/*.yaml at the repository root,
 * the ones GET /openapi serves), so a handler and its document cannot drift apart. The official files of
 * ../shared/reference are checked elsewhere (openapi.ts); these are ours, always present, never skipped.
 *
 * Each document claims the paths under its `x-path-prefixes`. A path no document claims is none of our
 * business ([] : another server's, a page, SOAP). Under a claimed prefix, the path, the method, the status
 * and the media type must all be declared, and a JSON body must validate against the declared schema.
 * One tolerance: a route the document does not have, answered 404 or 405 in the document's error form
 * (problem JSON; or a media type listed in its `x-unknown-route-media-types`), conforms: the document
 * says there is nothing there, and so does the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

export const OPENAPI_DIR = path.resolve(__dirname, '../../openapi');

type Schema = Record<string, unknown>;
interface MediaObject {
  schema?: Schema;
}
interface ResponseObject {
  $ref?: string;
  content?: Record<string, MediaObject>;
}
interface OperationObject {
  responses: Record<string, ResponseObject>;
}
interface OpenApiDocument {
  'x-path-prefixes'?: string[];
  'x-unknown-route-media-types'?: string[];
  paths: Record<string, Record<string, OperationObject | unknown>>;
  components?: { responses?: Record<string, ResponseObject>; schemas?: Record<string, Schema> };
}

interface Route {
  template: string;
  pattern: RegExp;
  /** literal segments: a concrete path wins over a template that also matches (/jobs/generateReportingFlows/run) */
  literals: number;
  operations: Map<string, OperationObject>;
}

interface LoadedDocument {
  name: string;
  doc: OpenApiDocument;
  prefixes: string[];
  unknownRouteTypes: string[];
  routes: Route[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let loaded: { docs: LoadedDocument[]; ajv: Ajv } | undefined;
const validators = new Map<string, ValidateFunction>();

/** Every openapi/*.yaml, parsed once per test process; throws on a document without x-path-prefixes. */
export function ownDocuments(): LoadedDocument[] {
  return load().docs;
}

function load(): { docs: LoadedDocument[]; ajv: Ajv } {
  if (loaded) return loaded;
  // OpenAPI 3.0 schemas are JSON Schema with extras (nullable, example, discriminator): not strict
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ['binary', 'byte', 'int32', 'int64', 'float', 'double', 'password']) ajv.addFormat(f, true);
  const docs: LoadedDocument[] = [];
  for (const file of fs
    .readdirSync(OPENAPI_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const name = file.slice(0, -'.yaml'.length);
    const doc = YAML.parse(fs.readFileSync(path.join(OPENAPI_DIR, file), 'utf8')) as OpenApiDocument;
    const prefixes = doc['x-path-prefixes'];
    if (!Array.isArray(prefixes) || prefixes.length === 0) throw new Error(`openapi/${file}: x-path-prefixes (the paths it claims) is missing`);
    ajv.addSchema(doc as object, `${name}.yaml`);
    const routes: Route[] = Object.entries(doc.paths).map(([template, item]) => {
      const segments = template.split('/');
      // {name} matches one segment, also inside one (/openapi/{document})
      const pattern = new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map(escapeRegExp)
          .join('[^/]+')}$`,
      );
      const operations = new Map<string, OperationObject>();
      for (const m of METHODS) if (item[m]) operations.set(m.toUpperCase(), item[m] as OperationObject);
      return { template, pattern, literals: segments.filter((s) => s !== '' && !s.includes('{')).length, operations };
    });
    docs.push({ name, doc, prefixes, unknownRouteTypes: doc['x-unknown-route-media-types'] ?? ['application/problem+json'], routes });
  }
  loaded = { docs, ajv };
  return loaded;
}

/** The media type alone, lowercased: `application/json; charset=utf-8` → `application/json`. */
const mediaType = (contentType: string | null) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
const isJson = (type: string) => type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);

/**
 * What is wrong with this answer according to our documents: [] when it conforms, or when no document
 * claims the path. `body`: the parsed JSON for a JSON media type, the text otherwise (not checked).
 */
export function ownOpenapiViolations(method: string, urlPath: string, status: number, contentType: string | null, body: unknown): string[] {
  const { docs } = load();
  let p = urlPath.split('?')[0]!.split('#')[0]!;
  // express answers /admin/clock/ as /admin/clock
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  const claiming = docs.filter((d) => d.prefixes.some((prefix) => p === prefix || p.startsWith(`${prefix}/`)));
  if (claiming.length === 0) return [];
  const where = `${method} ${p} → ${status} ${contentType ?? '(no Content-Type)'}`;
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();

  const matches = claiming.flatMap((d) => d.routes.filter((r) => r.pattern.test(p)).map((route) => ({ d, route }))).sort((a, b) => b.route.literals - a.route.literals);
  const match = matches.find((x) => x.route.operations.has(m)) ?? matches[0];
  if (!match || !match.route.operations.has(m)) {
    const d = match?.d ?? claiming[0]!;
    if ((status === 404 || status === 405) && unknownRouteAnswer(d, contentType, body)) return [];
    return match
      ? [`${where}: openapi/${d.name}.yaml declares ${match.route.template} without ${m}`]
      : [`${where}: no path of openapi/${claiming.map((c) => c.name).join('.yaml, openapi/')}.yaml matches (they claim ${claiming.flatMap((c) => c.prefixes).join(', ')})`];
  }
  const { d, route } = match;
  const op = route.operations.get(m)!;
  const declared = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
  if (!declared) return [`${where}: openapi/${d.name}.yaml declares no ${status} for ${m} ${route.template} (declared: ${Object.keys(op.responses).join(', ')})`];
  const response = resolveResponse(d, declared);
  const content = response.content;
  const emptyBody = body === undefined || body === null || body === '';
  if (!content || Object.keys(content).length === 0) {
    return emptyBody || method.toUpperCase() === 'HEAD' ? [] : [`${where}: ${m} ${route.template} ${status} declares no body, got one`];
  }
  const type = mediaType(contentType);
  const mediaKey =
    Object.keys(content).find((k) => k.toLowerCase() === type) ?? Object.keys(content).find((k) => k === '*/*' || (k.endsWith('/*') && type.startsWith(k.slice(0, -1))));
  if (!mediaKey) return [`${where}: ${m} ${route.template} ${status} declares ${Object.keys(content).join(', ')}, not ${type || 'an absent Content-Type'}`];
  if (!isJson(type) || method.toUpperCase() === 'HEAD') return [];
  const schema = content[mediaKey]!.schema;
  if (!schema) return [];
  const validate = validator(
    `${d.name}|${m}|${route.template}|${status}|${mediaKey}`,
    d,
    pointer(['paths', route.template, m.toLowerCase(), 'responses', String(status), 'content', mediaKey, 'schema']),
    declared,
  );
  if (validate(body)) return [];
  const errors = (validate.errors ?? [])
    .slice(0, 8)
    .map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`);
  return [`${where}: body does not match openapi/${d.name}.yaml ${m} ${route.template} ${status}: ${errors.join('; ')}\n  body: ${JSON.stringify(body)?.slice(0, 600)}`];
}

/** A 404/405 for a route the document does not have: in the document's error form. */
function unknownRouteAnswer(d: LoadedDocument, contentType: string | null, body: unknown): boolean {
  const type = mediaType(contentType);
  if (!d.unknownRouteTypes.includes(type)) return false;
  if (!isJson(type)) return true;
  const problem = d.doc.components?.schemas?.Problem;
  if (!problem) return true;
  return validator(`${d.name}|Problem`, d, '#/components/schemas/Problem')(body);
}

function resolveResponse(d: LoadedDocument, r: ResponseObject): ResponseObject {
  const prefix = '#/components/responses/';
  if (!r.$ref) return r;
  if (!r.$ref.startsWith(prefix)) throw new Error(`openapi/${d.name}.yaml: response $ref ${r.$ref} is not under ${prefix}`);
  const found = d.doc.components?.responses?.[r.$ref.slice(prefix.length)];
  if (!found) throw new Error(`openapi/${d.name}.yaml: no ${r.$ref}`);
  return found;
}

/** An ajv validator for the schema at `ref` in the document (a response reached through $ref is followed). */
function validator(key: string, d: LoadedDocument, ref: string, declared?: ResponseObject): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    let target = ref;
    // the schema of a shared response lives under components/responses/<name>, not under the operation
    if (declared?.$ref) {
      const media = ref.split('/content/')[1]!;
      target = `${declared.$ref}/content/${media}`;
    }
    v = load().ajv.compile({ $ref: `${d.name}.yaml${target}` });
    validators.set(key, v);
  }
  return v;
}

/** A JSON pointer fragment (#/a/b~1c) to the given keys. */
function pointer(keys: string[]): string {
  return `#/${keys.map((k) => encodeURIComponent(k.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
