import express from 'express';
import type { AppDeps } from '../app';

/** GET /: the operator dashboard (being built; see issue 5). */
export function dashboardRouter(_deps: AppDeps): express.Router {
  const r = express.Router();
  r.get('/', (_req, res) => res.type('text/plain').send('pagopa-node-emulator: dashboard coming'));
  return r;
}
