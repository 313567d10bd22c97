import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { PACKAGE_ROOT } from '../paths';
import { CONFIG_DEFAULTS, PAYMENT_MODELS, type RegistryDocument } from './registryModel';

export class RegistryFileError extends Error {}

type Field = { type: 'string' | 'boolean' | 'number'; required?: boolean; pattern?: RegExp; oneOf?: readonly unknown[] };
type Shape = Record<string, Field | { object: Shape; required?: boolean } | { list: Shape; required?: boolean }>;

const str = (required = true, pattern?: RegExp): Field => ({ type: 'string', required, pattern });
const bool = (required = false): Field => ({ type: 'boolean', required });
const FISCAL_CODE_PA = /^[0-9]{11}$/;
const VERSION: Field = { type: 'number', required: true, oneOf: [1, 2] };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIVE = /^.{5}$/;

const SHAPES: Record<Exclude<keyof RegistryDocument, 'configuration'>, Shape> = {
  psps: {
    pspCode: str(),
    enabled: bool(true),
    businessName: str(),
    taxCode: str(false),
    vatNumber: str(false),
    digitalStamp: bool(),
    abi: str(false, /^[0-9]{5}$/),
    bic: str(false, /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/),
  },
  pspBrokers: { brokerPspCode: str(), enabled: bool(true), description: str(false), extendedFaultBean: bool() },
  channels: {
    channelCode: str(),
    enabled: bool(true),
    password: str(true, /^.{8,15}$/),
    brokerPspCode: str(),
    paymentModel: { type: 'string', required: true, oneOf: PAYMENT_MODELS },
    primitiveVersion: VERSION,
    flagStandIn: bool(),
    pagoPaTouchpoint: bool(),
    description: str(false),
  },
  pspChannels: { pspCode: str(), channelCode: str(), paymentType: str(false) },
  creditorInstitutions: { creditorInstitutionCode: str(true, FISCAL_CODE_PA), enabled: bool(true), businessName: str(), officeName: str(false), reportingFtp: bool(false) },
  ecBrokers: { brokerCode: str(), enabled: bool(true), description: str(false), extendedFaultBean: bool() },
  stations: {
    stationCode: str(),
    enabled: bool(true),
    brokerCode: str(),
    password: str(false),
    primitiveVersion: VERSION,
    backend: {
      required: true,
      object: {
        type: { type: 'string', required: true, oneOf: ['archive', 'synthetic', 'remote'] },
        url: str(false, /^(https?:\/\/.+|\/.*)$/),
        timeouts: {
          object: {
            verifyMs: { type: 'number' },
            getPaymentMs: { type: 'number' },
            sendRtMs: { type: 'number' },
          },
        },
        amount: str(false, /^\d+\.\d{2}$/),
      },
    },
    flagStandIn: bool(),
  },
  stationCreditorInstitutions: {
    creditorInstitutionCode: str(true, FISCAL_CODE_PA),
    stationCode: str(),
    auxDigit: { type: 'number', oneOf: [0, 1, 2, 3] },
    segregationCode: str(false, /^[0-9]{2}$/),
    applicationCode: str(false, /^[0-9]{2}$/),
    broadcast: bool(),
    primitiveVersion: { type: 'number', oneOf: [1, 2] },
  },
  ibans: {
    creditorInstitutionCode: str(true, FISCAL_CODE_PA),
    iban: str(true, /^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/),
    label: str(false, /^.{1,35}$/),
    description: str(false, /^.{1,140}$/),
    validityDate: str(false, ISO_DATE),
  },
  postalAccounts: { ccPost: str(true, /^[0-9]{12}$/), creditorInstitutionCode: str(true, FISCAL_CODE_PA) },
  denylist: { creditorInstitutionCode: str(true, FISCAL_CODE_PA), pspCode: str(), channelCode: str() },
  services: {
    idServizio: str(true, FIVE),
    description: str(true, /^.{1,70}$/),
    category: str(false, /^.{1,35}$/),
    version: VERSION,
    xsd: str(),
    subjects: {
      required: true,
      list: {
        idSoggettoServizio: str(true, FIVE),
        creditorInstitutionCode: str(true, FISCAL_CODE_PA),
        stationCode: str(),
        validFrom: str(true, ISO_DATE),
        validTo: str(false, ISO_DATE),
        commission: bool(),
      },
    },
  },
  subscriptionKeys: {
    key: str(true, /^[\x21-\x7e]{8,128}$/),
    creditorInstitutionCode: str(false, FISCAL_CODE_PA),
    brokerCode: str(false),
    pspCode: str(false),
    description: str(false),
  },
};

/** Reads a JSON or YAML registry file; any problem is one line naming the file, the path and the rule. */
export function readRegistryFile(file: string): RegistryDocument {
  const raw = readRawRegistryFile(file);
  try {
    return parseRegistry(raw, path.dirname(path.resolve(file)));
  } catch (err) {
    throw new RegistryFileError(`registry file ${file}: ${(err as Error).message}`);
  }
}

/** A registry file's text as data, not yet checked: unreadable or unparsable is one line naming the file. */
export function readRawRegistryFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RegistryFileError(`registry file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message}`);
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new RegistryFileError(`registry file ${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0].replace(/:$/, '')}`);
  }
}

/**
 * Checks a registry document. `baseDir` is where relative paths in it (a service's own XSD) are
 * resolved: the registry file's directory, or the working directory for a document PUT over HTTP.
 */
export function parseRegistry(raw: unknown, baseDir = process.cwd()): RegistryDocument {
  const reg = checkRegistryShape(raw);
  checkReferences(reg);
  reg.services.forEach((svc, i) => {
    const resolved = resolveServiceXsd(svc.xsd, baseDir);
    if (typeof resolved !== 'string') throw new Error(`services[${i}].xsd: ${resolved.problem}`);
    svc.xsd = resolved;
  });
  return reg;
}

/**
 * The field-by-field checks alone, without cross references: what one overlay file must pass on its own
 * (registryOverlay.ts), since what it refers to may come from the demo registry or another file.
 */
export function checkRegistryShape(raw: unknown): RegistryDocument {
  if (!isObject(raw)) throw new Error('the top level must be an object');
  const known = new Set([...Object.keys(SHAPES), 'configuration', 'version']);
  for (const k of Object.keys(raw)) if (!known.has(k)) throw new Error(`unknown section "${k}" (expected ${[...known].join(', ')})`);
  // what GET /admin/registry adds: informational, so a saved GET loads again; the store numbers versions
  if (raw.version !== undefined && !(Number.isSafeInteger(raw.version) && (raw.version as number) >= 0))
    throw new Error(`version: must be the registry version number GET /admin/registry gave (it is not used), got ${JSON.stringify(raw.version)}`);
  const doc: Record<string, unknown> = {};
  for (const [section, shape] of Object.entries(SHAPES)) {
    const list = raw[section] ?? [];
    if (!Array.isArray(list)) throw new Error(`${section} must be a list`);
    doc[section] = list.map((item, i) => checkShape(item, shape, `${section}[${i}]`));
  }
  const configuration = raw.configuration ?? {};
  if (!isObject(configuration)) throw new Error('configuration must be a map of key: value');
  for (const [k, v] of Object.entries(configuration)) {
    if (!(k in CONFIG_DEFAULTS)) throw new Error(`configuration.${k}: unknown key (known: ${Object.keys(CONFIG_DEFAULTS).join(', ')})`);
    if (typeof v !== typeof CONFIG_DEFAULTS[k as keyof typeof CONFIG_DEFAULTS])
      throw new Error(`configuration.${k}: must be a ${typeof CONFIG_DEFAULTS[k as keyof typeof CONFIG_DEFAULTS]}`);
  }
  doc.configuration = configuration;
  return doc as unknown as RegistryDocument;
}

function checkShape(item: unknown, shape: Shape, where: string): Record<string, unknown> {
  if (!isObject(item)) throw new Error(`${where} must be an object`);
  for (const k of Object.keys(item)) if (!(k in shape)) throw new Error(`${where}.${k}: unknown field`);
  for (const [k, f] of Object.entries(shape)) {
    const v = item[k];
    if ('list' in f) {
      if (v === undefined) {
        if (f.required) throw new Error(`${where}.${k}: required`);
        continue;
      }
      if (!Array.isArray(v) || v.length === 0) throw new Error(`${where}.${k}: must be a non-empty list`);
      v.forEach((x, i) => checkShape(x, f.list, `${where}.${k}[${i}]`));
      continue;
    }
    if ('object' in f) {
      if (v === undefined) {
        if (f.required) throw new Error(`${where}.${k}: required`);
        continue;
      }
      checkShape(v, f.object, `${where}.${k}`);
      continue;
    }
    if (v === undefined || v === null) {
      if (f.required) throw new Error(`${where}.${k}: required`);
      continue;
    }
    if (typeof v !== f.type) throw new Error(`${where}.${k}: must be a ${f.type}, got ${JSON.stringify(v)}`);
    if (f.pattern && !f.pattern.test(v as string)) throw new Error(`${where}.${k}: "${v}" does not match ${f.pattern.source}`);
    if (f.oneOf && !f.oneOf.includes(v)) throw new Error(`${where}.${k}: must be one of ${f.oneOf.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return item;
}

function checkReferences(r: RegistryDocument): void {
  const unique = (section: string, keys: string[]) => {
    const seen = new Set<string>();
    keys.forEach((k, i) => {
      if (seen.has(k)) throw new Error(`${section}[${i}]: duplicate "${k}"`);
      seen.add(k);
    });
    return seen;
  };
  // ids that must be unique within their section
  const ids: [string, string[]][] = [
    ['psps', r.psps.map((p) => p.pspCode)],
    ['pspBrokers', r.pspBrokers.map((b) => b.brokerPspCode)],
    ['channels', r.channels.map((c) => c.channelCode)],
    ['creditorInstitutions', r.creditorInstitutions.map((e) => e.creditorInstitutionCode)],
    ['ecBrokers', r.ecBrokers.map((b) => b.brokerCode)],
    ['stations', r.stations.map((s) => s.stationCode)],
    ['subscriptionKeys', r.subscriptionKeys.map((k) => k.key)],
    ['postalAccounts', r.postalAccounts.map((a) => a.ccPost)],
    ['services', r.services.map((s) => s.idServizio)],
    ['services[].subjects', r.services.flatMap((s) => s.subjects.map((x) => x.idSoggettoServizio))],
  ];
  const sets = new Map(ids.map(([section, keys]) => [section, unique(section, keys)]));
  const ecs = sets.get('creditorInstitutions')!;
  const stations = sets.get('stations')!;
  const psps = new Set(r.psps.map((p) => p.pspCode));
  const channels = new Set(r.channels.map((c) => c.channelCode));
  const ecBrokers = new Set(r.ecBrokers.map((b) => b.brokerCode));
  r.subscriptionKeys.forEach((k, i) => {
    const where = `subscriptionKeys[${i}]`;
    if ([k.creditorInstitutionCode, k.brokerCode, k.pspCode].filter((x) => x !== undefined).length !== 1)
      throw new Error(`${where}: give one of creditorInstitutionCode, brokerCode (an EC broker) or pspCode`);
    if (k.pspCode !== undefined && !psps.has(k.pspCode)) throw new Error(`${where}.pspCode: "${k.pspCode}" is not in psps`);
    if (k.creditorInstitutionCode !== undefined && !ecs.has(k.creditorInstitutionCode))
      throw new Error(`${where}.creditorInstitutionCode: "${k.creditorInstitutionCode}" is not in creditorInstitutions`);
    if (k.brokerCode !== undefined && !ecBrokers.has(k.brokerCode)) throw new Error(`${where}.brokerCode: "${k.brokerCode}" is not in ecBrokers`);
  });
  r.stations.forEach((s, i) => {
    if (s.backend.type === 'remote' && !s.backend.url) throw new Error(`stations[${i}].backend.url: required for a remote backend`);
    for (const [k, v] of Object.entries(s.backend.timeouts ?? {})) {
      // whole milliseconds: they are stored in integer columns
      if (!Number.isInteger(v) || v < 1 || v > 600_000) throw new Error(`stations[${i}].backend.timeouts.${k}: must be a whole number of milliseconds, 1..600000, got ${v}`);
    }
  });
  r.stationCreditorInstitutions.forEach((a, i) => {
    const where = `stationCreditorInstitutions[${i}]`;
    if (!ecs.has(a.creditorInstitutionCode)) throw new Error(`${where}.creditorInstitutionCode: "${a.creditorInstitutionCode}" is not in creditorInstitutions`);
    if (!stations.has(a.stationCode)) throw new Error(`${where}.stationCode: "${a.stationCode}" is not in stations`);
    const keys = [a.segregationCode, a.applicationCode].filter((x) => x !== undefined).length;
    if (keys > 1) throw new Error(`${where}: give either segregationCode (aux 3) or applicationCode (aux 0), not both`);
    if (keys === 0 && a.auxDigit === undefined) throw new Error(`${where}: needs auxDigit, segregationCode or applicationCode`);
  });
  r.postalAccounts.forEach((a, i) => {
    if (!ecs.has(a.creditorInstitutionCode)) throw new Error(`postalAccounts[${i}].creditorInstitutionCode: "${a.creditorInstitutionCode}" is not in creditorInstitutions`);
  });
  r.denylist.forEach((d, i) => {
    if (!ecs.has(d.creditorInstitutionCode)) throw new Error(`denylist[${i}].creditorInstitutionCode: "${d.creditorInstitutionCode}" is not in creditorInstitutions`);
    if (!psps.has(d.pspCode)) throw new Error(`denylist[${i}].pspCode: "${d.pspCode}" is not in psps`);
    if (!channels.has(d.channelCode)) throw new Error(`denylist[${i}].channelCode: "${d.channelCode}" is not in channels`);
  });
  r.services.forEach((svc, i) =>
    svc.subjects.forEach((x, j) => {
      const where = `services[${i}].subjects[${j}]`;
      if (!ecs.has(x.creditorInstitutionCode)) throw new Error(`${where}.creditorInstitutionCode: "${x.creditorInstitutionCode}" is not in creditorInstitutions`);
      if (!r.stationCreditorInstitutions.some((a) => a.stationCode === x.stationCode && a.creditorInstitutionCode === x.creditorInstitutionCode))
        throw new Error(`${where}.stationCode: "${x.stationCode}" is not a station of ${x.creditorInstitutionCode} (stationCreditorInstitutions)`);
      if (x.validTo !== undefined && x.validTo < x.validFrom) throw new Error(`${where}.validTo: ${x.validTo} is before validFrom ${x.validFrom}`);
    }),
  );
}

/** The built-in XSDs of the demo services (ours, wire-compatible with pagoPA's catalogo-servizi). */
export const SERVICE_XSD_DIR = path.join(PACKAGE_ROOT, 'xsd/catalogo-servizi');

/**
 * A service's XSD as the registry keeps it: a bare file name of a built-in one stays as is; anything
 * else becomes an absolute path, resolved against `baseDir`, which must exist.
 */
export function resolveServiceXsd(xsd: string, baseDir: string): string | { problem: string } {
  if (!/[\\/]/.test(xsd) && fs.existsSync(path.join(SERVICE_XSD_DIR, xsd))) return xsd;
  const file = path.resolve(baseDir, xsd);
  if (!fs.existsSync(file)) return { problem: `"${xsd}" is neither a built-in service schema (${fs.readdirSync(SERVICE_XSD_DIR).join(', ')}) nor a file (${file})` };
  return file;
}

/** The file of a service's XSD as the registry keeps it (see resolveServiceXsd). */
export const serviceXsdFile = (xsd: string): string => (path.isAbsolute(xsd) ? xsd : path.join(SERVICE_XSD_DIR, xsd));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
