import express from 'express';
import type { AdminDeps } from './admin';
import { acaCreatePositionRouter } from './acaCreatePosition';
import { errorHandler } from './acaHttp';
import { GPD_BASE_PATHS, gpdRouter } from './gpdPositions';

/**
 * The EC-facing archive APIs (spec §9.3): ACA's `POST /aca/v1/paCreatePosition` and the GPD debt-position
 * API of `gpd-4-aca.json`, under our /gpd path and the official /aca base path. Routes carry their full
 * paths; authentication is the registry's subscription keys (ecAuth.ts).
 */
export function acaRouter(deps: AdminDeps): express.Router {
  const r = express.Router();
  r.use(acaCreatePositionRouter(deps.ctx));
  r.use(GPD_BASE_PATHS, gpdRouter(deps.ctx));
  // only errors of the routes above arrive here; anything else goes on to the app's own handlers
  r.use(GPD_BASE_PATHS, errorHandler(deps.ctx.log));
  r.use('/aca/v1', errorHandler(deps.ctx.log));
  return r;
}
