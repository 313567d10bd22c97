import express from 'express';
import YAML from 'yaml';
import type { NodoContext } from '../nodo/context';
import { parseRegistry } from '../nodo/registryFile';
import type { RegistryDocument } from '../nodo/registryModel';
import { maskRegistry, unmaskRegistry } from '../nodo/registrySecrets';
import { writeProblem } from './problems';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const LIMIT = '5mb';

/**
 * /admin/registry: the registry as a document, the same shape as a registry file.
 *   GET → JSON (YAML with Accept: application/yaml), with `version` and every secret masked
 *   PUT ← JSON or YAML; masked secrets keep the stored ones (nodo/registrySecrets.ts), `version` is
 *         accepted and ignored, so what GET gave can be edited and put back as it is.
 */
export function adminRegistryRouter(ctx: NodoContext, load: (doc: RegistryDocument, source: string) => Promise<number>): express.Router {
  const r = express.Router();

  r.get('/', (req, res) => {
    const reg = ctx.registry();
    const view = { version: reg.version, ...maskRegistry(reg.doc) };
    const best = req.accepts(['application/json', ...YAML_TYPES]);
    if (best && best !== 'application/json') {
      return void res.type('application/yaml; charset=utf-8').send(YAML.stringify(view));
    }
    res.json(view);
  });

  r.put('/', express.json({ limit: LIMIT }), express.text({ type: YAML_TYPES, limit: LIMIT }), async (req, res) => {
    let raw: unknown = req.body;
    if (typeof raw === 'string') {
      try {
        raw = YAML.parse(raw);
      } catch (err) {
        return writeProblem(res, 'bad-body', `the body is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
      }
    } else if (!req.is('application/json')) {
      return writeProblem(res, 'unsupported-media-type', `send the registry as application/json or application/yaml, got ${req.get('content-type') ?? 'no Content-Type'}`);
    }
    let doc;
    try {
      doc = parseRegistry(unmaskRegistry(raw, ctx.registry().doc));
    } catch (err) {
      return writeProblem(res, 'bad-body', (err as Error).message);
    }
    res.json({ version: await load(doc, 'PUT /admin/registry') });
  });

  return r;
}
