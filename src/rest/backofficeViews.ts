import type { CreditorInstitution, EcBroker, Iban, RegistryDocument, Station, StationCreditorInstitution } from '../nodo/registryModel';

/**
 * What the Backoffice External APIs (openapi_backoffice_external_ec.json / _psp.json) show, read from the
 * registry: the official resources, field for field. The registry holds no old-model data (CBILL codes,
 * Modello Unico / RT / redirect endpoints, activation dates), so those optional fields are left out.
 */

/** BrokerInstitutionResource: one per (EC, station association) of a broker's stations. */
export interface BrokerInstitutionResource {
  taxCode: string;
  companyName: string;
  ciStatus: boolean;
  brokerTaxCode: string;
  brokerCompanyName: string;
  intermediated: boolean;
  stationId: string;
  stationState: 'enabled' | 'disabled';
  version: string;
  primitiveVersion: number;
  model: number;
  auxDigit: string;
  segregationCode?: string;
  applicationCode?: string;
  broadcast: boolean;
  pspPayment: boolean;
}

/** CIIbansResource */
export interface CIIbansResource {
  ciFiscalCode: string;
  ciName: string;
  iban: string;
  label?: string;
  description?: string;
  status: 'ENABLED';
  validityDate: string;
}

export interface PageInfo {
  page: number;
  limit: number;
  totalElements: number;
  totalPages: number;
}

/**
 * Every station of the emulator is a "new model" station (version 2 on the node: it is called with
 * paVerifyPaymentNotice / paGetPayment, never the old RPT primitives), and every association serves the
 * payment activated at the PSP: model 3.
 */
const STATION_VERSION = '2';
const MODEL_ACTIVATED_AT_PSP = 3;

/**
 * The aux digit of an association: the registry may leave it implicit (a segregation code alone is aux 3,
 * an application code alone aux 0: the notice-number rule of spec §7.3).
 */
function auxDigitOf(a: StationCreditorInstitution): string {
  if (a.auxDigit !== undefined) return String(a.auxDigit);
  return a.applicationCode !== undefined ? '0' : '3';
}

function institution(ec: CreditorInstitution, a: StationCreditorInstitution, station: Station, broker: EcBroker): BrokerInstitutionResource {
  return {
    taxCode: ec.creditorInstitutionCode,
    companyName: ec.businessName,
    ciStatus: ec.enabled,
    brokerTaxCode: broker.brokerCode,
    // the node's broker has no name beside its description (api-config's BrokerDetails.description)
    brokerCompanyName: broker.description ?? broker.brokerCode,
    // an EC that is its own broker (same fiscal code) is not intermediated
    intermediated: broker.brokerCode !== ec.creditorInstitutionCode,
    stationId: station.stationCode,
    stationState: station.enabled ? 'enabled' : 'disabled',
    version: STATION_VERSION,
    primitiveVersion: a.primitiveVersion ?? station.primitiveVersion,
    model: MODEL_ACTIVATED_AT_PSP,
    auxDigit: auxDigitOf(a),
    ...(a.segregationCode !== undefined ? { segregationCode: a.segregationCode } : {}),
    ...(a.applicationCode !== undefined ? { applicationCode: a.applicationCode } : {}),
    broadcast: a.broadcast ?? false,
    // every EC of the emulator takes payments started at a PSP (model 3)
    pspPayment: true,
  };
}

const byCode = <T>(list: T[], key: (t: T) => string) => new Map(list.map((t) => [key(t), t]));
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The associations of `brokerCode`'s stations, ordered by EC, station, then aux digit and code. */
export function brokerInstitutions(doc: RegistryDocument, brokerCode: string): BrokerInstitutionResource[] {
  const broker = doc.ecBrokers.find((b) => b.brokerCode === brokerCode);
  if (!broker) return [];
  const stations = byCode(
    doc.stations.filter((s) => s.brokerCode === brokerCode),
    (s) => s.stationCode,
  );
  const ecs = byCode(doc.creditorInstitutions, (e) => e.creditorInstitutionCode);
  const rows: BrokerInstitutionResource[] = [];
  for (const a of doc.stationCreditorInstitutions) {
    const station = stations.get(a.stationCode);
    const ec = ecs.get(a.creditorInstitutionCode);
    if (station && ec) rows.push(institution(ec, a, station, broker));
  }
  return rows.sort(
    (x, y) =>
      compare(x.taxCode, y.taxCode) ||
      compare(x.stationId, y.stationId) ||
      compare(x.auxDigit, y.auxDigit) ||
      compare(x.segregationCode ?? x.applicationCode ?? '', y.segregationCode ?? y.applicationCode ?? ''),
  );
}

/**
 * The registry's IBAN dates are ISO days; the API's validityDate is a date-time: the start of that day
 * (UTC). An IBAN without one has always been valid. The node accepts a registered IBAN whatever its date
 * (registry.ts isIbanRegistered), so every IBAN is ENABLED.
 */
const ALWAYS = '1970-01-01';
function ibanResource(ec: CreditorInstitution, i: Iban): CIIbansResource {
  return {
    ciFiscalCode: ec.creditorInstitutionCode,
    ciName: ec.businessName,
    iban: i.iban,
    ...(i.label !== undefined ? { label: i.label } : {}),
    ...(i.description !== undefined ? { description: i.description } : {}),
    status: 'ENABLED',
    validityDate: `${i.validityDate ?? ALWAYS}T00:00:00Z`,
  };
}

/** The IBANs of the ECs `ecCodes` admits (every EC when omitted), ordered by EC then IBAN. */
export function ibans(doc: RegistryDocument, ecCodes?: Set<string>): CIIbansResource[] {
  const ecs = byCode(doc.creditorInstitutions, (e) => e.creditorInstitutionCode);
  return doc.ibans
    .filter((i) => !ecCodes || ecCodes.has(i.creditorInstitutionCode))
    .flatMap((i) => {
      const ec = ecs.get(i.creditorInstitutionCode);
      return ec ? [ibanResource(ec, i)] : [];
    })
    .sort((x, y) => compare(x.ciFiscalCode, y.ciFiscalCode) || compare(x.iban, y.iban));
}

/** The ECs associated with at least one station of `brokerCode` (getBrokerIbans' "intermediated" ECs). */
export function brokerEcs(doc: RegistryDocument, brokerCode: string): Set<string> {
  const stations = new Set(doc.stations.filter((s) => s.brokerCode === brokerCode).map((s) => s.stationCode));
  return new Set(doc.stationCreditorInstitutions.filter((a) => stations.has(a.stationCode)).map((a) => a.creditorInstitutionCode));
}

/**
 * Page `page` (from 0) of `limit` rows, and its PageInfo. The files allow limit 0: no rows, only the
 * count (totalPages 0).
 */
export function pageOf<T>(rows: T[], page: number, limit: number): { items: T[]; pageInfo: PageInfo } {
  const start = page * limit;
  return {
    items: limit === 0 ? [] : rows.slice(start, start + limit),
    pageInfo: { page, limit, totalElements: rows.length, totalPages: limit === 0 ? 0 : Math.ceil(rows.length / limit) },
  };
}
