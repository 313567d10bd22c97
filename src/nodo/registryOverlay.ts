import path from 'node:path';
import { checkRegistryShape, parseRegistry, readRawRegistryFile, RegistryFileError, resolveServiceXsd } from './registryFile';
import type { RegistryDocument, StationCreditorInstitution } from './registryModel';

/*
 * `--registry a.yaml --registry b.yaml` (or `--registry a.yaml,b.yaml`): each file is applied in order
 * over the demo registry, so pointing the node at one's own EC is a short snippet rather than a full copy
 * of demo.yaml. An entry replaces the one with the same natural key (whole entry, no field-level merge:
 * what the file says is what the node uses); configuration keys are merged one by one. Nothing is removed:
 * `enabled: false` switches a demo PSP, channel, EC, broker or station off.
 */

type Section = Exclude<keyof RegistryDocument, 'configuration'>;
type Entry = Record<string, unknown>;

/**
 * An association is keyed by the notices it routes (EC + segregation code, application code or aux digit),
 * not by its station: the node takes the first association that matches a notice number (registry.ts
 * checkEc), so an overlay that routes segregation code 10 to its own station must take it from the demo one.
 */
const routing = (a: StationCreditorInstitution): string =>
  a.segregationCode !== undefined ? `seg ${a.segregationCode}` : a.applicationCode !== undefined ? `app ${a.applicationCode}` : `aux ${a.auxDigit}`;

const NATURAL_KEYS: Record<Section, (e: never) => string> = {
  psps: (e: { pspCode: string }) => e.pspCode,
  pspBrokers: (e: { brokerPspCode: string }) => e.brokerPspCode,
  channels: (e: { channelCode: string }) => e.channelCode,
  pspChannels: (e: { pspCode: string; channelCode: string; paymentType?: string }) => `${e.pspCode}|${e.channelCode}|${e.paymentType ?? ''}`,
  creditorInstitutions: (e: { creditorInstitutionCode: string }) => e.creditorInstitutionCode,
  ecBrokers: (e: { brokerCode: string }) => e.brokerCode,
  stations: (e: { stationCode: string }) => e.stationCode,
  stationCreditorInstitutions: (e: StationCreditorInstitution) => `${e.creditorInstitutionCode}|${routing(e)}`,
  ibans: (e: { creditorInstitutionCode: string; iban: string }) => `${e.creditorInstitutionCode}|${e.iban}`,
  postalAccounts: (e: { ccPost: string }) => e.ccPost,
  denylist: (e: { creditorInstitutionCode: string; pspCode: string; channelCode: string }) => `${e.creditorInstitutionCode}|${e.pspCode}|${e.channelCode}`,
  services: (e: { idServizio: string }) => e.idServizio,
  subscriptionKeys: (e: { key: string }) => e.key,
};

/**
 * The demo registry with `files` applied in order. Each file must be well-formed on its own (errors name
 * it); the cross references are checked on the result, an error naming the file the offending entry came from.
 */
export function readRegistryOverlays(baseFile: string, files: readonly string[]): RegistryDocument {
  const layers = [baseFile, ...files].map((file) => ({ file, doc: readLayer(file) }));
  const merged: Record<string, Entry[]> = {};
  const origins: Record<string, string[]> = {};
  const configuration: Entry = {};
  for (const section of Object.keys(NATURAL_KEYS) as Section[]) {
    const key = NATURAL_KEYS[section] as (e: Entry) => string;
    const at = new Map<string, number>();
    merged[section] = [];
    origins[section] = [];
    for (const { file, doc } of layers) {
      // within one file a repeated key is a mistake (the second would silently win), as in a full registry
      const own = new Set<string>();
      (doc[section] as unknown as Entry[]).forEach((entry, n) => {
        const k = key(entry);
        if (own.has(k)) throw new RegistryFileError(`registry file ${file}: ${section}[${n}]: duplicate "${k}"`);
        own.add(k);
        const i = at.get(k);
        if (i === undefined) {
          at.set(k, merged[section].length);
          merged[section].push(entry);
          origins[section].push(file);
        } else {
          merged[section][i] = entry;
          origins[section][i] = file;
        }
      });
    }
  }
  for (const { doc } of layers) Object.assign(configuration, doc.configuration);
  try {
    // service XSDs are already resolved against their own file's directory (readLayer)
    return parseRegistry({ ...merged, configuration });
  } catch (err) {
    // "stations[12].…" indexes the merged list: name the file and the entry's key instead
    const message = (err as Error).message;
    const m = /^(\w+)\[(\d+)\]/.exec(message);
    const section = m?.[1] as Section | undefined;
    const from = section && origins[section]?.[Number(m![2])];
    if (!section || !from) throw new RegistryFileError(`registry files ${[baseFile, ...files].join(' + ')}: ${message}`);
    const key = (NATURAL_KEYS[section] as (e: Entry) => string)(merged[section][Number(m![2])]);
    throw new RegistryFileError(`registry file ${from}: ${section} "${key}"${message.slice(m![0].length)}`);
  }
}

/** One file, checked field by field, its services' relative XSD paths resolved against its directory. */
function readLayer(file: string): RegistryDocument {
  const raw = readRawRegistryFile(file);
  try {
    const doc = checkRegistryShape(raw);
    doc.services.forEach((svc, i) => {
      const resolved = resolveServiceXsd(svc.xsd, path.dirname(path.resolve(file)));
      if (typeof resolved !== 'string') throw new Error(`services[${i}].xsd: ${resolved.problem}`);
      svc.xsd = resolved;
    });
    return doc;
  } catch (err) {
    throw new RegistryFileError(`registry file ${file}: ${(err as Error).message}`);
  }
}
