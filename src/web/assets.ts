import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

/** web/ at the repository root: the stylesheet and the dashboard's script, served as they are (no build step). */
export const WEB_DIR = path.resolve(__dirname, '../../../web');

/** /assets/<file>: read once at start-up, served from memory with a short cache. */
export function assetsRouter(): express.Router {
  const r = express.Router();
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of fs.readdirSync(WEB_DIR)) {
    const type = name.endsWith('.css')
      ? 'text/css; charset=utf-8'
      : name.endsWith('.js')
        ? 'text/javascript; charset=utf-8'
        : name.endsWith('.png')
          ? 'image/png'
          : name.endsWith('.svg')
            ? 'image/svg+xml'
            : undefined;
    if (type) files.set(name, { type, body: fs.readFileSync(path.join(WEB_DIR, name)) });
  }
  r.get('/:name', (req, res, next) => {
    const f = files.get(req.params.name);
    if (!f) return next();
    res.set({ 'Content-Type': f.type, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' }).send(f.body);
  });
  return r;
}
