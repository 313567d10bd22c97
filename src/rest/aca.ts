import express from 'express';
import type { AdminDeps } from './admin';

/**
 * The EC-facing archive APIs (spec §9.3): ACA's `POST /aca/v1/paCreatePosition` and the GPD debt-position
 * API of `gpd-4-aca.json`. Routes carry their full paths; authentication is the registry's subscription keys.
 */
export function acaRouter(_deps: AdminDeps): express.Router {
  return express.Router();
}
