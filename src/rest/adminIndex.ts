import express from 'express';
import { HTTP_METHODS, openApiDocument, type OpenApiOperation, type OpenApiTree } from './openapiDocuments';

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  purpose: string;
}

/**
 * Every route under /admin, for `GET /admin` (issue 15 item 5: an API a newcomer can discover), read from
 * openapi/admin.yaml so the list cannot drift from the document (and the document cannot drift from the
 * handlers: the black-box suites check every answer against it). Path parameters are written `:name` and a
 * required query parameter `?name=:name`, as the list has always shown them; the purpose is the summary.
 */
export function adminRoutes(doc: OpenApiTree): AdminRoute[] {
  const routes: AdminRoute[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    if (template !== '/admin' && !template.startsWith('/admin/')) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const query = requiredQuery(doc, op).map((name) => `${name}=:${name}`);
      routes.push({
        method: method.toUpperCase() as AdminRoute['method'],
        path: template.replace(/\{([^}]+)\}/g, ':$1') + (query.length ? `?${query.join('&')}` : ''),
        purpose: op.summary ?? '',
      });
    }
  }
  return routes;
}

function requiredQuery(doc: OpenApiTree, op: OpenApiOperation): string[] {
  const shared = doc.components?.parameters ?? {};
  return (op.parameters ?? [])
    .map((p) => (p.$ref ? shared[p.$ref.replace('#/components/parameters/', '')] : p))
    .filter((p) => p?.in === 'query' && p.required === true)
    .map((p) => p!.name!);
}

/** GET /admin exactly: the list above, as JSON. */
export function adminIndexRouter(): express.Router {
  const r = express.Router();
  // built on first use: reading admin.yaml is not worth delaying every start-up for
  let routes: AdminRoute[] | undefined;
  r.get('/', (req, res, next) => {
    // strict: /admin only, not /admin/ (express would match both)
    if (req.originalUrl.split('?')[0] !== '/admin') return next();
    if (!routes) {
      const admin = openApiDocument('admin');
      if (!admin) throw new Error('openapi/admin.yaml is missing: GET /admin lists its routes');
      routes = adminRoutes(admin.doc);
    }
    res.json({ routes });
  });
  return r;
}
