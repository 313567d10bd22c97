/**
 * REST answers checked against the emulator's OWN OpenAPI documents (openapi/*.yaml at the repository root,
 * the ones GET /openapi serves), so a handler and its document cannot drift apart. The official files of
 * ../shared/reference are checked elsewhere (openapi.ts); these are ours, always present, never skipped.
 * This is the one reader of those documents: the jest-wide audit (openapiAudit.ts), the rules every document
 * follows (test/openapi/documents.test.ts) and the official-twin suites (test/openapi/ownCalls.ts) load,
 * match and compile through it.
 *
 * Each document claims the paths under its `x-path-prefixes` (no trailing slash: a prefix claims itself and
 * what lies below it). A path no document claims is none of our business ([] : another server's, a page,
 * SOAP). Under a claimed prefix, the path, the method, the status and the media type must all be declared,
 * and a JSON body must validate against the declared schema.
 * One tolerance: a route the document does not have, answered 404 or 405 in the document's error form
 * (`x-unknown-route-media-types`, by default problem JSON; a JSON body is the schema its `x-error-forms`
 * names for that media type), conforms: the document says there is nothing there, and so does the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { jsonSchemaForms } from './openapi30';

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
/** media type → the components.schemas entry every error body of that type is (`Problem`, FDR's `ErrorResponse` …) */
export type ErrorForms = Record<string, string>;
interface OpenApiDocument {
  'x-path-prefixes'?: string[];
  'x-unknown-route-media-types'?: string[];
  'x-error-forms'?: ErrorForms;
  /** the official files a twin document imitates (test/openapi/officialTwins.test.ts) */
  'x-official-twins'?: string[];
  paths: Record<string, Record<string, OperationObject | unknown>>;
  components?: { responses?: Record<string, ResponseObject>; schemas?: Record<string, Schema> };
}

export interface Route {
  template: string;
  pattern: RegExp;
  /** literal segments: a concrete path wins over a template that also matches (/jobs/generateReportingFlows/run) */
  literals: number;
  operations: Map<string, OperationObject>;
  /** the path item's own `x-error-forms` (pagoPA mode's texts under /mock-ec), else the document's */
  errorForms: ErrorForms;
}

export interface LoadedDocument {
  /** the file name without .yaml */
  name: string;
  /** as written (the schemas in OpenAPI 3.0 form) */
  doc: OpenApiDocument;
  prefixes: string[];
  unknownRouteTypes: string[];
  errorForms: ErrorForms;
  routes: Route[];
}

/** Our own APIs answer every error with the emulator's problem JSON; a twin of an official API says otherwise. */
const OWN_ERROR_FORMS: ErrorForms = { 'application/problem+json': 'Problem' };
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let loaded: { docs: LoadedDocument[]; ajv: Ajv } | undefined;
const validators = new Map<string, ValidateFunction>();

/** Every openapi/*.yaml, parsed once per test process; throws on a document without x-path-prefixes. */
export function ownDocuments(): LoadedDocument[] {
  return load().docs;
}

function load(): { docs: LoadedDocument[]; ajv: Ajv } {
  if (loaded) return loaded;
  // OpenAPI 3.0 schemas are JSON Schema with extras (example, discriminator): not strict; nullable and the
  // boolean exclusiveMinimum are rewritten first (openapi30.ts)
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
    ajv.addSchema(jsonSchemaForms(doc) as object, `${name}.yaml`);
    const errorForms = doc['x-error-forms'] ?? OWN_ERROR_FORMS;
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
      const literals = segments.filter((s) => s !== '' && !s.includes('{')).length;
      return { template, pattern, literals, operations, errorForms: (item['x-error-forms'] as ErrorForms | undefined) ?? errorForms };
    });
    const unknownRouteTypes = doc['x-unknown-route-media-types'] ?? ['application/problem+json'];
    docs.push({ name, doc, prefixes, unknownRouteTypes, errorForms, routes });
  }
  loaded = { docs, ajv };
  return loaded;
}

/** `p` is the prefix or below it: `/aca` claims `/aca` and `/aca/v1/…`, not `/acab`. */
export const underPrefix = (p: string, prefix: string) => p === prefix || p.startsWith(`${prefix}/`);

/**
 * The documents that claim `urlPath`, and the route of theirs that serves `method` there: the template with
 * the most literal segments among those that match and declare the method, else the best match without it
 * (`match` undefined when no template matches).
 */
export function ownRoute(method: string, urlPath: string): { path: string; claiming: LoadedDocument[]; match?: { d: LoadedDocument; route: Route } } {
  let p = urlPath.split('?')[0]!.split('#')[0]!;
  // express answers /admin/clock/ as /admin/clock
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  const claiming = load().docs.filter((d) => d.prefixes.some((prefix) => underPrefix(p, prefix)));
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const matches = claiming.flatMap((d) => d.routes.filter((r) => r.pattern.test(p)).map((route) => ({ d, route }))).sort((a, b) => b.route.literals - a.route.literals);
  return { path: p, claiming, match: matches.find((x) => x.route.operations.has(m)) ?? matches[0] };
}

/** An ajv validator for the JSON pointer `ref` (`#/components/schemas/Problem`) of document `name`; throws if it does not compile. */
export function ownSchemaValidator(name: string, ref: string): ValidateFunction {
  const key = `${name}|${ref}`;
  let v = validators.get(key);
  if (!v) {
    v = load().ajv.compile({ $ref: `${name}.yaml${ref}` });
    validators.set(key, v);
  }
  return v;
}

/** What a local `$ref` (`#/components/…`) of `doc` points to; undefined when nothing is there. */
export function resolveRef(doc: object, ref: string): any {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((k) => decodeURIComponent(k).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((n, k) => (n === undefined || n === null ? undefined : n[k]), doc);
}

/** The media type alone, lowercased: `application/json; charset=utf-8` → `application/json`. */
const mediaType = (contentType: string | null) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
const isJson = (type: string) => type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);

/**
 * What is wrong with this answer according to our documents: [] when it conforms, or when no document
 * claims the path. `body`: the parsed JSON for a JSON media type, the text otherwise (not checked).
 */
export function ownOpenapiViolations(method: string, urlPath: string, status: number, contentType: string | null, body: unknown): string[] {
  const { path: p, claiming, match } = ownRoute(method, urlPath);
  if (claiming.length === 0) return [];
  const where = `${method} ${p} → ${status} ${contentType ?? '(no Content-Type)'}`;
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
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
  const validate = validator(d, pointer(['paths', route.template, m.toLowerCase(), 'responses', String(status), 'content', mediaKey, 'schema']), declared);
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
  const form = d.errorForms[type];
  if (!isJson(type) || !form || !d.doc.components?.schemas?.[form]) return true;
  return ownSchemaValidator(d.name, `#/components/schemas/${form}`)(body);
}

function resolveResponse(d: LoadedDocument, r: ResponseObject): ResponseObject {
  const prefix = '#/components/responses/';
  if (!r.$ref) return r;
  if (!r.$ref.startsWith(prefix)) throw new Error(`openapi/${d.name}.yaml: response $ref ${r.$ref} is not under ${prefix}`);
  const found = d.doc.components?.responses?.[r.$ref.slice(prefix.length)];
  if (!found) throw new Error(`openapi/${d.name}.yaml: no ${r.$ref}`);
  return found;
}

/** The validator of a response's schema (one reached through a $ref to components/responses is followed there). */
function validator(d: LoadedDocument, ref: string, declared: ResponseObject): ValidateFunction {
  // the schema of a shared response lives under components/responses/<name>, not under the operation
  return ownSchemaValidator(d.name, declared.$ref ? `${declared.$ref}/content/${ref.split('/content/')[1]!}` : ref);
}

/** A JSON pointer fragment (#/a/b~1c) to the given keys. */
export function pointer(keys: string[]): string {
  return `#/${keys.map((k) => encodeURIComponent(k.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
