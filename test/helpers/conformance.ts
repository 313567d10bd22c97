import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import YAML from 'yaml';
import { FAULT_STRINGS, type FaultCode } from '../../src/nodo/faults';
import { ROOT, tempDir } from './server';
import type { SoapResult } from './soap';

/** The node's own id in the faults it detects (spec §6.1). */
export const NODE_ID = 'NodoDeiPagamentiSPC';

/** The demo registry (registry/demo.yaml) as a plain, mutable object. */
export function demoRegistry(): Record<string, unknown> & {
  psps: Record<string, unknown>[];
  pspBrokers: Record<string, unknown>[];
  channels: Record<string, unknown>[];
  configuration: Record<string, unknown>;
} {
  return YAML.parse(fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8'));
}

/** Writes a variant of the demo registry to a temporary YAML file, for `--registry <file>`. */
export function writeRegistryVariant(change: (doc: ReturnType<typeof demoRegistry>) => void): string {
  const doc = demoRegistry();
  change(doc);
  const file = path.join(tempDir('nodo-registry-'), 'registry.yaml');
  fs.writeFileSync(file, YAML.stringify(doc));
  return file;
}

/**
 * A KO answer carrying a node-detected fault: outcome KO, the code, its literal faultString, id
 * NodoDeiPagamentiSPC and the description (the faultString itself when the spec gives none: the node
 * repeats it, spec §6.1).
 */
export function expectNodeFault(result: SoapResult, code: FaultCode, description: string | RegExp = FAULT_STRINGS[code]): void {
  expect(result.outcome).toBe('KO');
  expect(result.fault).toBeDefined();
  const f = result.fault!;
  expect({ faultCode: f.faultCode, faultString: f.faultString, id: f.id }).toEqual({ faultCode: code, faultString: FAULT_STRINGS[code], id: NODE_ID });
  if (typeof description === 'string') expect(f.description).toBe(description);
  else expect(f.description).toMatch(description);
}
