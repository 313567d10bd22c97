import type { RegistryDocument, SubscriptionKey } from './registryModel';

/**
 * The registry's secrets (channel and station passwords, API subscription keys) never leave through
 * GET /admin/registry in clear; and what GET returns must PUT back unchanged. So a masked value in a
 * PUT means "keep the stored one". The masks cannot be mistaken for real values: passwords are masked
 * as "***" (a channel password has 8 to 15 characters), keys as "***" plus at most their last 4
 * characters (a key has at least 8), which tells apart the keys of one owner.
 */
export const MASK = '***';
const MASKED_KEY = /^\*\*\*[\x21-\x7e]{0,4}$/;
// a short key shows no suffix at all: 4 of 8 characters would be half the secret
const KEY_SUFFIX_FROM = 16;

export function maskKey(key: string): string {
  return MASK + (key.length >= KEY_SUFFIX_FROM ? key.slice(-4) : '');
}

/** The document as GET /admin/registry shows it. */
export function maskRegistry(doc: RegistryDocument): RegistryDocument {
  return {
    ...doc,
    channels: doc.channels.map((c) => ({ ...c, password: MASK })),
    stations: doc.stations.map((s) => (s.password === undefined ? s : { ...s, password: MASK })),
    subscriptionKeys: doc.subscriptionKeys.map((k) => ({ ...k, key: maskKey(k.key) })),
  };
}

/**
 * A PUT body (not yet validated) with every masked secret replaced by the stored one it stands for.
 * Throws, naming the field, when a masked secret stands for nothing stored: a new channel, station or
 * key must be given in full. Anything that is not a masked secret is left for parseRegistry to judge.
 */
export function unmaskRegistry(raw: unknown, current: RegistryDocument): unknown {
  if (!isObject(raw)) return raw;
  const out: Record<string, unknown> = { ...raw };
  out.channels = mapItems(raw, 'channels', (c, where) => {
    if (c.password !== MASK) return c;
    const stored = current.channels.find((x) => x.channelCode === c.channelCode);
    if (!stored) throw new Error(`${where}.password: "${MASK}" keeps the stored password, but channel ${JSON.stringify(c.channelCode)} is new: give its password`);
    return { ...c, password: stored.password };
  });
  out.stations = mapItems(raw, 'stations', (s, where) => {
    if (s.password !== MASK) return s;
    const stored = current.stations.find((x) => x.stationCode === s.stationCode);
    if (stored?.password === undefined)
      throw new Error(`${where}.password: "${MASK}" keeps the stored password, but station ${JSON.stringify(s.stationCode)} ${stored ? 'has none' : 'is new'}: give its password`);
    return { ...s, password: stored.password };
  });
  // keys have no name of their own: a masked one is the first stored key of the same owner with the
  // same mask that no earlier entry took (GET lists them in stored order, so an unchanged PUT maps 1:1)
  const taken = new Set<SubscriptionKey>();
  out.subscriptionKeys = mapItems(raw, 'subscriptionKeys', (k, where) => {
    if (typeof k.key !== 'string' || !MASKED_KEY.test(k.key)) return k;
    const stored = current.subscriptionKeys.find(
      (x) => !taken.has(x) && maskKey(x.key) === k.key && x.creditorInstitutionCode === k.creditorInstitutionCode && x.brokerCode === k.brokerCode,
    );
    if (!stored)
      throw new Error(
        `${where}.key: ${JSON.stringify(k.key)} keeps a stored key, but no stored key of this ${k.brokerCode !== undefined ? 'brokerCode' : 'creditorInstitutionCode'} is masked so: give the key in full`,
      );
    taken.add(stored);
    return { ...k, key: stored.key };
  });
  for (const section of ['channels', 'stations', 'subscriptionKeys']) if (out[section] === undefined) delete out[section];
  return out;
}

/** Each object item of a section list through `f`; anything else unchanged (parseRegistry names it). */
function mapItems(raw: Record<string, unknown>, section: string, f: (item: Record<string, unknown>, where: string) => Record<string, unknown>): unknown {
  const list = raw[section];
  return Array.isArray(list) ? list.map((item, i) => (isObject(item) ? f(item, `${section}[${i}]`) : item)) : list;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
