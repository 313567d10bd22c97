import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { PACKAGE_ROOT } from '../paths';

/** openapi/ beside xsd/ and wsdl/: shipped with the package, found from dist/ and from the sources alike. */
export const OPENAPI_DIR = path.join(PACKAGE_ROOT, 'openapi');

/** One REST API's OpenAPI document, as written and as parsed. */
export interface OpenApiDocument {
  /** the file name without .yaml: admin, mock-ec, … */
  name: string;
  title: string;
  /** the file, byte for byte */
  yaml: string;
  /** the parsed document (a plain JSON value) */
  doc: OpenApiTree;
}

export interface OpenApiOperation {
  summary?: string;
  parameters?: { name?: string; in?: string; required?: boolean; $ref?: string }[];
}

export interface OpenApiTree {
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { parameters?: Record<string, { name: string; in: string; required?: boolean }> };
  [extension: string]: unknown;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

let cached: readonly OpenApiDocument[] | undefined;

/**
 * Every openapi/*.yaml, read and parsed once per process, sorted by name with admin first (the API a
 * newcomer looks for), on the first request that needs them. A document that does not parse is a 500 there
 * (test/openapi/documents.test.ts parses every one: they ship with the package).
 */
export function openApiDocuments(): readonly OpenApiDocument[] {
  if (cached) return cached;
  const docs = fs
    .readdirSync(OPENAPI_DIR)
    .filter((f) => /^[a-z0-9-]+\.yaml$/.test(f))
    .map((file) => {
      const yaml = fs.readFileSync(path.join(OPENAPI_DIR, file), 'utf8');
      const doc = YAML.parse(yaml) as OpenApiTree;
      if (!doc?.info?.title || !doc.paths) throw new Error(`openapi/${file} is not an OpenAPI document (info.title and paths are required)`);
      return { name: file.slice(0, -'.yaml'.length), title: doc.info.title, yaml, doc };
    })
    .sort((a, b) => (a.name === 'admin' ? -1 : b.name === 'admin' ? 1 : a.name.localeCompare(b.name)));
  cached = docs;
  return docs;
}

export function openApiDocument(name: string): OpenApiDocument | undefined {
  return openApiDocuments().find((d) => d.name === name);
}
