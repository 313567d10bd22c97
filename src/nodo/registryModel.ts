/**
 * The registry as the node sees it (spec §7.1, shaped like api-config-cache's ConfigDataV1), and the
 * snapshot indexes the checks read on every request. File format = these interfaces, in JSON or YAML.
 */
export interface Psp {
  pspCode: string;
  enabled: boolean;
  businessName: string;
  taxCode?: string;
  vatNumber?: string;
  digitalStamp?: boolean;
  /** ABI and BIC codes: the PSP's identity in the informativa documents (nodoChiediInformativaPA) */
  abi?: string;
  bic?: string;
}
export interface PspBroker {
  brokerPspCode: string;
  enabled: boolean;
  description?: string;
  extendedFaultBean?: boolean;
}
export type PaymentModel = 'ATTIVATO_PRESSO_PSP' | 'IMMEDIATO' | 'IMMEDIATO_MULTIBENEFICIARIO' | 'DIFFERITO';
export const PAYMENT_MODELS: readonly PaymentModel[] = ['ATTIVATO_PRESSO_PSP', 'IMMEDIATO', 'IMMEDIATO_MULTIBENEFICIARIO', 'DIFFERITO'];
export interface Channel {
  channelCode: string;
  enabled: boolean;
  password: string;
  brokerPspCode: string;
  paymentModel: PaymentModel;
  primitiveVersion: 1 | 2;
  flagStandIn?: boolean;
  /** A pagoPA touchpoint (checkout) channel: the only kind that may close several tokens at once. */
  pagoPaTouchpoint?: boolean;
  description?: string;
}
export interface PspChannel {
  pspCode: string;
  channelCode: string;
  paymentType?: string;
}
export interface CreditorInstitution {
  creditorInstitutionCode: string;
  enabled: boolean;
  businessName: string;
  officeName?: string;
  /**
   * The EC takes its reporting flows by SFTP: nodoChiediFlussoRendicontazione with its domain answers
   * PPT_ID_FLUSSO_SCONOSCIUTO (reporting.md §5.6 step 4); the list still shows them (§5.5).
   */
  reportingFtp?: boolean;
}
export interface EcBroker {
  brokerCode: string;
  enabled: boolean;
  description?: string;
  extendedFaultBean?: boolean;
}
export type BackendType = 'archive' | 'synthetic' | 'remote';
export interface StationBackend {
  type: BackendType;
  /**
   * remote: the station's paForNode endpoint, http(s)://… or a path on this very emulator ("/mock-ec/v1":
   * the built-in mock EC), resolved against the address the emulator listens on.
   */
  url?: string;
  /** remote: how long the node waits for an answer (spec §4.6 defaults: 7 s, 7 s, 15 s) */
  timeouts?: { verifyMs?: number; getPaymentMs?: number; sendRtMs?: number };
  /** synthetic: amount of the notices it invents, two-decimal string (default 10.00) */
  amount?: string;
}
export interface Station {
  stationCode: string;
  enabled: boolean;
  brokerCode: string;
  password?: string;
  primitiveVersion: 1 | 2;
  backend: StationBackend;
  flagStandIn?: boolean;
}
export interface StationCreditorInstitution {
  creditorInstitutionCode: string;
  stationCode: string;
  auxDigit?: number;
  segregationCode?: string;
  applicationCode?: string;
  broadcast?: boolean;
  primitiveVersion?: 1 | 2;
}
export interface Iban {
  creditorInstitutionCode: string;
  iban: string;
  /** what the Backoffice External API shows: a short label (e.g. CUP), a description, the activation date */
  label?: string;
  description?: string;
  validityDate?: string;
}
/**
 * A postal current account (conto corrente postale, 12 digits) of an EC: verificaBollettino finds the EC
 * of a "bollettino postale" from it (spec §3.8).
 */
export interface PostalAccount {
  ccPost: string;
  creditorInstitutionCode: string;
}
/**
 * A denylist row (EC, PSP, channel). The node keeps the table but its check is a no-op (spec §7.2,
 * DDataChecks.checkDenylist; TEST SEM_VPNR_16, SEM_APNR_24 expect OK), so a row changes nothing.
 */
export interface DenylistEntry {
  creditorInstitutionCode: string;
  pspCode: string;
  channelCode: string;
}
/**
 * A service of the service catalogue (catalogo servizi, "CdS": spontaneous payments, spec §3.6–§3.7):
 * what a PSP may ask an EC to create a notice for with demandPaymentNotice, and the XSD its
 * datiSpecificiServizio must satisfy.
 */
export interface Service {
  /** idServizio, 5 characters */
  idServizio: string;
  description: string;
  category?: string;
  /** 2: served by nodoChiediCatalogoServiziV2 / demandPaymentNotice; 1: PPT_VERSIONE_SERVIZIO */
  version: 1 | 2;
  /**
   * The XSD of the service's specific data: a file name of the built-in ones (xsd/catalogo-servizi/), or a
   * path, relative to the registry file. Its file name is the catalogue's xsdRiferimento.
   */
  xsd: string;
  subjects: ServiceSubject[];
}
/** An EC that offers a service (soggetto erogante): idSoggettoServizio resolves to it. */
export interface ServiceSubject {
  /** idSoggettoServizio, 5 characters, unique across the catalogue */
  idSoggettoServizio: string;
  creditorInstitutionCode: string;
  /** the EC station the node calls paDemandPaymentNotice on */
  stationCode: string;
  /** ISO dates: outside [validFrom, validTo] demandPaymentNotice is PPT_SERVIZIO_NONATTIVO */
  validFrom: string;
  validTo?: string;
  /** whether the service carries a fee (catalogue `commissione` Y/N) */
  commission?: boolean;
}
/**
 * An API subscription key (`Ocp-Apim-Subscription-Key`) of the REST APIs. An EC key acts for one EC; an
 * EC broker key for every EC associated with that broker's stations (ACA, GPD, carts, Backoffice EC);
 * a PSP key for one PSP (Backoffice PSP, reporting).
 */
export interface SubscriptionKey {
  key: string;
  creditorInstitutionCode?: string;
  brokerCode?: string;
  pspCode?: string;
  description?: string;
}

export interface RegistryDocument {
  psps: Psp[];
  pspBrokers: PspBroker[];
  channels: Channel[];
  pspChannels: PspChannel[];
  creditorInstitutions: CreditorInstitution[];
  ecBrokers: EcBroker[];
  stations: Station[];
  stationCreditorInstitutions: StationCreditorInstitution[];
  ibans: Iban[];
  postalAccounts: PostalAccount[];
  denylist: DenylistEntry[];
  services: Service[];
  subscriptionKeys: SubscriptionKey[];
  configuration: Partial<Record<ConfigKey, string | number | boolean>>;
}

/** ConfigurationKey names (spec §7.1) with the emulator's defaults. */
export const CONFIG_DEFAULTS = {
  default_token_duration_validity_millis: 1_800_000,
  max_token_duration_validity_millis: 1_800_000,
  useIdempotency: true,
  default_idempotency_key_validity_minutes: 30,
  'scheduler.mod3CancelV2.intervalSeconds': 10,
  'scheduler.idempotencyCacheClean.intervalSeconds': 60,
  /** how often each process looks for receipts to (re)deliver; a new receipt is also sent at once */
  'scheduler.paSendRt.intervalSeconds': 1,
  /** waits between delivery attempts of a receipt, in seconds; the last one repeats */
  'receipts.retryBackoffSeconds': '1,2,5,10,30,60,300,900,3600',
  /** an EC answering PAA_RECEIPT_DUPLICATA / PAA_RT_DUPLICATA already has the receipt (spec §11.3) */
  'receipts.duplicateMeansDelivered': true,
  /** how long a Checkout cart (POST /checkout/ec/v1|v2/carts) can be paid; spec §10.1: ~10 minutes */
  'checkout.cartExpirationMinutes': 10,
  /** expirationTime of the checkout page's activations: the tokens a closed browser leaves behind expire then */
  'checkout.tokenExpirationMillis': 900_000,
  /** What an outcome OK without `details` gets: PPT_SEMANTICA (default, DOCS) or accept. */
  'sendPaymentOutcome.okWithoutDetails': 'PPT_SEMANTICA',
  /**
   * When each day the node generates yesterday's reporting flows from its receipts (spec reporting.md §6),
   * as HH:mm Europe/Rome, e.g. "06:00"; empty (the default): never on its own, only through the admin job.
   */
  'scheduler.generateReportingFlows.dailyAt': '',
} as const;
export type ConfigKey = keyof typeof CONFIG_DEFAULTS;
export type ConfigValues = { -readonly [K in ConfigKey]: (typeof CONFIG_DEFAULTS)[K] extends number ? number : (typeof CONFIG_DEFAULTS)[K] extends boolean ? boolean : string };
