import express from 'express';
import type { AdminDeps } from './admin';
import { acaCreatePositionRouter } from './acaCreatePosition';
import { positionConflicts } from './acaHttp';
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
  // a lost create race becomes a 409; every other error goes on to the app's problem middleware
  r.use(GPD_BASE_PATHS, positionConflicts);
  r.use('/aca/v1', positionConflicts);
  return r;
}
