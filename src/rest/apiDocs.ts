import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { WEB_DIR } from '../web/assets';
import { openApiDocument, openApiDocuments } from './openapiDocuments';
import { writeProblem } from './problems';

/** swagger-ui-dist's folder, wherever npm put it (beside us, or hoisted above an installed package). */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/**
 * The sha256 of the <style> element inside swagger-ui-dist 5.35.0's top-bar logo (`.logo_small_svg__cls-2{fill:#fff}…`).
 * Another swagger-ui-dist version may change it: test/openapi/apiDocsPage.test.ts fails on any CSP violation.
 */
const SWAGGER_LOGO_STYLE = 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w=';

/** What /api-docs/assets/ serves: swagger-ui's bundle, preset, stylesheet and icons, and our initializer. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'swagger-ui-bundle.js': { file: path.join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
  'swagger-ui-standalone-preset.js': { file: path.join(SWAGGER_UI_DIR, 'swagger-ui-standalone-preset.js'), type: 'text/javascript; charset=utf-8' },
  'swagger-ui.css': { file: path.join(SWAGGER_UI_DIR, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'favicon-16x16.png': { file: path.join(SWAGGER_UI_DIR, 'favicon-16x16.png'), type: 'image/png' },
  'favicon-32x32.png': { file: path.join(SWAGGER_UI_DIR, 'favicon-32x32.png'), type: 'image/png' },
  'api-docs.js': { file: path.join(WEB_DIR, 'api-docs.js'), type: 'text/javascript; charset=utf-8' },
};

/**
 * The OpenAPI documents of openapi/ and a page to browse them, all served by this process (nothing is
 * fetched from the internet: the page works on a machine without a network):
 *   GET /openapi                  → {documents: [{name, title, url, json}]}
 *   GET /openapi/{name}.yaml      the document as written (application/yaml)
 *   GET /openapi/{name}.json      the same, as JSON
 *   GET /api-docs                 swagger-ui over every document (the top bar picks one; ?doc=<name> opens it)
 *   GET /api-docs/assets/{file}   swagger-ui-dist's files and web/api-docs.js, which starts it
 * `servers` stays `/`: "Try it out" calls the server that served the page.
 */
export function apiDocsRouter(): express.Router {
  const r = express.Router();
  // the documents are parsed on first use (openapiDocuments.ts): ~0.5 s of YAML that every start-up, and
  // every test server, would otherwise pay before listening
  r.get('/openapi', (_req, res) => {
    res.json({ documents: openApiDocuments().map((d) => ({ name: d.name, title: d.title, url: `/openapi/${d.name}.yaml`, json: `/openapi/${d.name}.json` })) });
  });
  const asJson = new Map<string, string>();
  r.get('/openapi/:file', (req, res) => {
    const m = /^([a-z0-9-]+)\.(yaml|json)$/.exec(req.params.file);
    const doc = m ? openApiDocument(m[1]!) : undefined;
    if (!m || !doc)
      return writeProblem(
        res,
        'not-found',
        `no OpenAPI document "${req.params.file}"; GET /openapi lists them (${openApiDocuments()
          .map((d) => `${d.name}.yaml`)
          .join(', ')})`,
      );
    res.set('Cache-Control', 'no-cache');
    if (m[2] === 'yaml') return void res.type('application/yaml; charset=utf-8').send(doc.yaml);
    if (!asJson.has(doc.name)) asJson.set(doc.name, JSON.stringify(doc.doc));
    res.type('application/json; charset=utf-8').send(asJson.get(doc.name));
  });

  r.get('/api-docs', (_req, res) => {
    res
      .status(200)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        // as strict as the other pages (web/html.ts): swagger-ui needs no inline script and no other origin;
        // the one inline <style> it writes (its logo's SVG) is allowed by its hash, nothing else
        'Content-Security-Policy': `default-src 'self'; img-src 'self' data:; style-src 'self' '${SWAGGER_LOGO_STYLE}'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'same-origin',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      })
      .send(PAGE);
  });

  // read on first use (the bundle is 1.5 MB a process that never shows the page need not hold), then kept
  const loaded = new Map<string, Buffer>();
  r.get('/api-docs/assets/:name', (req, res, next) => {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!asset) return next();
    let body = loaded.get(req.params.name);
    if (!body) loaded.set(req.params.name, (body = fs.readFileSync(asset.file)));
    res.set({ 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' }).send(body);
  });
  return r;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documents · pagoPA emulator</title>
<link rel="stylesheet" href="/api-docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/api-docs/assets/favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="/api-docs/assets/favicon-16x16.png" sizes="16x16">
</head>
<body>
<div id="swagger-ui"><noscript>This page needs JavaScript. The documents themselves: <a href="/openapi">/openapi</a>.</noscript></div>
<script src="/api-docs/assets/swagger-ui-bundle.js"></script>
<script src="/api-docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/api-docs/assets/api-docs.js"></script>
</body>
</html>
`;
