/**
 * REST responses checked against pagoPA's official OpenAPI files in ../shared/reference (the wire-format
 * truth), with openapi-response-validator. Every REST response a test sees should go through here; without
 * that folder the check is skipped and reported at the end of the run (crossChecks.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import OpenAPIResponseValidator from 'openapi-response-validator';
import { narrowedWithout, REFERENCE_DIR } from './crossChecks';
import { draft4Exclusives } from './openapi30';

export { REFERENCE_DIR };

type Spec = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components?: unknown };
const specs = new Map<string, Spec>();

function spec(file: string, nullable = false): Spec {
  const key = nullable ? `${file}#nullable` : file;
  let s = specs.get(key);
  if (!s) {
    s = draft4Exclusives(JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, file), 'utf8'))) as Spec;
    if (nullable) s = nullableEverywhere(s) as Spec;
    specs.set(key, s);
  }
  return s;
}

/**
 * Files generated from Java classes (springdoc) declare nothing nullable, while the service writes null for
 * every absent value (Jackson's default): biz_events.json even requires both `iban` and `mbdAttachment` of a
 * transfer. For those files, every typed schema takes null too; types, required keys and formats still hold.
 */
function nullableEverywhere(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableEverywhere);
  if (node === null || typeof node !== 'object') return node;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) o[k] = nullableEverywhere(v);
  if (typeof o.type === 'string') o.nullable = true;
  return o;
}

/**
 * Throws unless `body` is a valid `status` response of `method` `specPath` in `file` (relative to the
 * reference dir, e.g. 'gpd-payments-pull/openapi.json'). Skips (returns false) when the reference
 * checkout is absent. `nullable`: the service writes null for absent values the file does not declare
 * nullable (see nullableEverywhere).
 */
export function expectOpenApiResponse(file: string, specPath: string, method: string, status: number, body: unknown, opts: { nullable?: boolean } = {}): boolean {
  if (narrowedWithout('reference')) return false;
  const s = spec(file, opts.nullable);
  const op = s.paths[specPath]?.[method.toLowerCase()];
  if (!op) throw new Error(`${file}: no operation ${method} ${specPath}`);
  // a whole response may be a `$ref` to components/responses (gpd-payments-pull's 400/500), which the
  // validator does not follow: inline it
  const shared = (s.components as { responses?: Record<string, unknown> } | undefined)?.responses ?? {};
  const responses = Object.fromEntries(
    Object.entries(op.responses).map(([code, r]) => {
      const ref = (r as { $ref?: string }).$ref;
      return [code, ref?.startsWith('#/components/responses/') ? shared[ref.slice('#/components/responses/'.length)] : r];
    }),
  );
  const validator = new OpenAPIResponseValidator({ responses: responses as never, components: s.components as never });
  const result = validator.validateResponse(status, body);
  if (result) throw new Error(`${method} ${specPath} ${status} does not match ${file}: ${JSON.stringify(result.errors)}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
  return true;
}

/**
 * Throws unless `body` is valid against `components.schemas[schemaName]` of `file`: for the answers an
 * official file does not declare but the real service gives anyway (the checkout files declare only
 * 302/400/500, while 401/403/404/422 come back as problem JSON). Skips (returns false) when the
 * reference checkout is absent.
 */
export function expectOpenApiSchema(file: string, schemaName: string, body: unknown): boolean {
  if (narrowedWithout('reference')) return false;
  const s = spec(file);
  const schemas = (s.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  if (!(schemaName in schemas)) throw new Error(`${file}: no components.schemas.${schemaName}`);
  const responses = { '200': { description: schemaName, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName}` } } } } };
  const validator = new OpenAPIResponseValidator({ responses: responses as never, components: s.components as never });
  const result = validator.validateResponse(200, body);
  if (result) throw new Error(`body does not match ${file} components.schemas.${schemaName}: ${JSON.stringify(result.errors)}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
  return true;
}
