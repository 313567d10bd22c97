/**
 * OpenAPI 3.0 schemas are JSON Schema with a few forms of their own that ajv 8 does not read as written.
 * Both the official files (openapi.ts) and our own documents (ownOpenapi.ts) go through here before a
 * validator is compiled, so the two readers agree on what a 3.0 schema means.
 */

/**
 * OpenAPI 3.0 writes `exclusiveMaximum: true` next to `maximum` (JSON Schema draft 4); ajv only takes the
 * numeric form (paCreatePosition.json's ProblemJson.status, fdr-psp.yaml's sumPayments): rewrite the boolean
 * form.
 */
export function draft4Exclusives(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(draft4Exclusives);
  if (node === null || typeof node !== 'object') return node;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) o[k] = draft4Exclusives(v);
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
  return o;
}

/**
 * `nullable: true` as JSON Schema says it: null added to `type` (and to `enum`, which would refuse it).
 * Without a `type` (a nullable reference, `allOf: [{$ref}]` + `nullable`, the only way 3.0 has to write one,
 * and the way generators read it) the schema becomes "this, or null"; ajv would refuse to compile it.
 */
export function explicitNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(explicitNullable);
  if (node === null || typeof node !== 'object') return node;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) o[k] = explicitNullable(v);
  if (o.nullable !== true) {
    // `nullable: false` is the default; a schema's property called "nullable" is under `properties`, not here
    if (o.nullable === false) delete o.nullable;
    return o;
  }
  delete o.nullable;
  if (Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...(o.enum as unknown[]), null];
  if (typeof o.type === 'string') return { ...o, type: [o.type, 'null'] };
  return { anyOf: [o, { type: 'null' }] };
}

/** A whole OpenAPI 3.0 document (or schema) with its schemas in the form ajv compiles. */
export const jsonSchemaForms = (doc: unknown): unknown => explicitNullable(draft4Exclusives(doc));
