import { NodoFault } from './faults';
import { parseNoticeNumber } from './noticeNumber';
import {
  CONFIG_DEFAULTS,
  type Channel,
  type ConfigValues,
  type CreditorInstitution,
  type EcBroker,
  type Psp,
  type PspBroker,
  type RegistryDocument,
  type Service,
  type ServiceSubject,
  type Station,
  type StationCreditorInstitution,
  type SubscriptionKey,
} from './registryModel';

export interface PspCredentials {
  idPSP: string;
  idBrokerPSP: string;
  idChannel: string;
  password: string;
}

/**
 * The same four credentials as the catalogue and the legacy operations name them (nodoChiediCatalogoServiziV2,
 * nodoPerPsp.xsd; spec §3).
 */
export interface CredenzialiPsp {
  identificativoPSP: string;
  identificativoIntermediarioPSP: string;
  identificativoCanale: string;
  password: string;
}

export const pspCredentials = (c: CredenzialiPsp): PspCredentials => ({
  idPSP: c.identificativoPSP,
  idBrokerPSP: c.identificativoIntermediarioPSP,
  idChannel: c.identificativoCanale,
  password: c.password,
});

export interface PspContext {
  psp: Psp;
  broker: PspBroker;
  channel: Channel;
}

export interface EcContext {
  ec: CreditorInstitution;
  station: Station;
  association: StationCreditorInstitution;
  ecBroker: EcBroker;
  /** idBrokerPA the node sends to the station */
  brokerCode: string;
  /** the version of the paForNode primitives to use (association overrides station) */
  primitiveVersion: 1 | 2;
  iuv: string;
}

/**
 * An immutable, indexed snapshot of the registry with the node's checks, in the official order
 * (spec §7.2–§7.3, DDataChecks.checkPspIntermediarioPspCanale / checkPaStazionePa).
 */
export class Registry {
  readonly config: Readonly<ConfigValues>;
  private readonly psps: Map<string, Psp>;
  private readonly pspBrokers: Map<string, PspBroker>;
  private readonly channels: Map<string, Channel>;
  private readonly pspChannels: Set<string>;
  private readonly ecs: Map<string, CreditorInstitution>;
  private readonly ecBrokers: Map<string, EcBroker>;
  private readonly stations: Map<string, Station>;
  private readonly associations: Map<string, StationCreditorInstitution[]>;
  private readonly ibans: Set<string>;
  private readonly subscriptionKeys: Map<string, SubscriptionKey>;
  private readonly postalAccounts: Map<string, string>;
  private readonly serviceSubjects: Map<string, { service: Service; subject: ServiceSubject }>;

  constructor(
    readonly doc: RegistryDocument,
    readonly version: number,
  ) {
    this.psps = index(doc.psps, (p) => p.pspCode);
    this.pspBrokers = index(doc.pspBrokers, (b) => b.brokerPspCode);
    this.channels = index(doc.channels, (c) => c.channelCode);
    this.pspChannels = new Set(doc.pspChannels.map((pc) => `${pc.pspCode}|${pc.channelCode}`));
    this.ecs = index(doc.creditorInstitutions, (e) => e.creditorInstitutionCode);
    this.ecBrokers = index(doc.ecBrokers, (b) => b.brokerCode);
    this.stations = index(doc.stations, (s) => s.stationCode);
    this.associations = new Map();
    for (const a of doc.stationCreditorInstitutions) {
      const list = this.associations.get(a.creditorInstitutionCode) ?? [];
      list.push(a);
      this.associations.set(a.creditorInstitutionCode, list);
    }
    this.ibans = new Set(doc.ibans.map((i) => `${i.creditorInstitutionCode}|${i.iban}`));
    this.subscriptionKeys = index(doc.subscriptionKeys, (k) => k.key);
    this.postalAccounts = new Map(doc.postalAccounts.map((a) => [a.ccPost, a.creditorInstitutionCode]));
    this.serviceSubjects = new Map(doc.services.flatMap((service) => service.subjects.map((subject) => [subject.idSoggettoServizio, { service, subject }] as const)));
    this.config = Object.freeze({ ...CONFIG_DEFAULTS, ...doc.configuration } as ConfigValues);
  }

  /** Steps 2–7 of §7.2. `model3` adds the ATTIVATO_PRESSO_PSP check (verify, activate; not the outcome). */
  checkPsp(c: PspCredentials, opts: { model3: boolean }): PspContext {
    const psp = this.psps.get(c.idPSP);
    if (!psp) throw new NodoFault('PPT_PSP_SCONOSCIUTO');
    if (!psp.enabled) throw new NodoFault('PPT_PSP_DISABILITATO');
    const { broker, channel } = this.checkBrokerChannel(c);
    if (!this.pspChannels.has(`${c.idPSP}|${c.idChannel}`)) throw new NodoFault('PPT_AUTORIZZAZIONE', 'Configurazione psp-canale non corretta');
    if (opts.model3 && channel.paymentModel !== 'ATTIVATO_PRESSO_PSP') {
      throw new NodoFault('PPT_AUTORIZZAZIONE', "Il canale non è di tipo 'ATTIVATO_PRESSO_PSP'");
    }
    return { psp, broker, channel };
  }

  /**
   * Steps 3–5 of §7.2, for the operations whose PSP is optional (nodoChiediInformativaPA): broker,
   * channel, password, and the channel belonging to that broker.
   */
  checkBrokerChannel(c: Pick<PspCredentials, 'idBrokerPSP' | 'idChannel' | 'password'>): Omit<PspContext, 'psp'> {
    const broker = this.pspBrokers.get(c.idBrokerPSP);
    if (!broker) throw new NodoFault('PPT_INTERMEDIARIO_PSP_SCONOSCIUTO');
    if (!broker.enabled) throw new NodoFault('PPT_INTERMEDIARIO_PSP_DISABILITATO');
    const channel = this.channels.get(c.idChannel);
    if (!channel) throw new NodoFault('PPT_CANALE_SCONOSCIUTO');
    if (!channel.enabled) throw new NodoFault('PPT_CANALE_DISABILITATO');
    if (channel.password !== c.password) throw new NodoFault('PPT_AUTENTICAZIONE', 'Password sconosciuta o errata');
    if (channel.brokerPspCode !== c.idBrokerPSP) throw new NodoFault('PPT_AUTORIZZAZIONE', 'Configurazione intermediario-canale non corretta');
    return { broker, channel };
  }

  /** Steps 8–9 of §7.2 and the notice → station resolution of §7.3. */
  checkEc(fiscalCode: string, noticeNumber: string): EcContext {
    const ec = this.ecs.get(fiscalCode);
    if (!ec) throw new NodoFault('PPT_DOMINIO_SCONOSCIUTO');
    if (!ec.enabled) throw new NodoFault('PPT_DOMINIO_DISABILITATO');
    const nav = parseNoticeNumber(noticeNumber);
    const association = (this.associations.get(fiscalCode) ?? []).find((a) =>
      nav.auxDigit === 0
        ? a.applicationCode === nav.applicationCode
        : nav.auxDigit === 3 || nav.auxDigit === 4
          ? a.segregationCode === nav.segregationCode
          : a.segregationCode === undefined && a.applicationCode === undefined && a.auxDigit === nav.auxDigit,
    );
    const station = association && this.stations.get(association.stationCode);
    if (!association || !station) throw new NodoFault('PPT_STAZIONE_INT_PA_SCONOSCIUTA', 'Configurazione pa-progressivo stazione non corretta');
    if (!station.enabled) throw new NodoFault('PPT_STAZIONE_INT_PA_DISABILITATA');
    const ecBroker = this.ecBrokers.get(station.brokerCode);
    if (!ecBroker) throw new NodoFault('PPT_INTERMEDIARIO_PA_SCONOSCIUTO');
    if (!ecBroker.enabled) throw new NodoFault('PPT_INTERMEDIARIO_PA_DISABILITATO');
    return {
      ec,
      station,
      association,
      ecBroker,
      brokerCode: station.brokerCode,
      primitiveVersion: association.primitiveVersion ?? station.primitiveVersion,
      iuv: nav.iuv,
    };
  }

  /**
   * An EC named by an EC-side or reporting primitive (reporting.md §5.1, DDataChecks): unknown or disabled
   * with the node's `idPA …` descriptions rather than the faultString.
   */
  checkDominio(fiscalCode: string): CreditorInstitution {
    const ec = this.ecs.get(fiscalCode);
    if (!ec) throw new NodoFault('PPT_DOMINIO_SCONOSCIUTO', `idPA ${fiscalCode} not found`);
    if (!ec.enabled) throw new NodoFault('PPT_DOMINIO_DISABILITATO', `idPA ${fiscalCode} found but disabled`);
    return ec;
  }

  /**
   * The EC-side credentials (spec pagopa-node.md §7.4, checkPaIntermediarioPaStazione; reporting.md §5.5):
   * with a domain, EC → broker → station and password → station's broker → EC–station association;
   * without, the same minus the EC, and the station must serve at least one EC.
   */
  checkPaBrokerStation(c: { brokerCode: string; stationCode: string; password: string; ecCode?: string }): { ecBroker: EcBroker; station: Station; ec?: CreditorInstitution } {
    const ec = c.ecCode === undefined ? undefined : this.checkDominio(c.ecCode);
    const ecBroker = this.ecBrokers.get(c.brokerCode);
    if (!ecBroker) throw new NodoFault('PPT_INTERMEDIARIO_PA_SCONOSCIUTO');
    if (!ecBroker.enabled) throw new NodoFault('PPT_INTERMEDIARIO_PA_DISABILITATO');
    const station = this.stations.get(c.stationCode);
    if (!station) throw new NodoFault('PPT_STAZIONE_INT_PA_SCONOSCIUTA');
    if (!station.enabled) throw new NodoFault('PPT_STAZIONE_INT_PA_DISABILITATA');
    if (station.password !== c.password) throw new NodoFault('PPT_AUTENTICAZIONE', 'Password sconosciuta o errata');
    if (station.brokerCode !== c.brokerCode) throw new NodoFault('PPT_AUTORIZZAZIONE', 'Configurazione intermediario-stazione non corretta');
    const served =
      c.ecCode === undefined
        ? this.doc.stationCreditorInstitutions.some((a) => a.stationCode === c.stationCode)
        : (this.associations.get(c.ecCode) ?? []).some((a) => a.stationCode === c.stationCode);
    if (!served) throw new NodoFault('PPT_AUTORIZZAZIONE', 'Configurazione pa-intermediario-stazione non corretta');
    return { ecBroker, station, ...(ec ? { ec } : {}) };
  }

  /** A PSP named by an EC-side primitive (the reporting reads' optional identificativoPSP). */
  checkPspCode(pspCode: string): Psp {
    const psp = this.psps.get(pspCode);
    if (!psp) throw new NodoFault('PPT_PSP_SCONOSCIUTO');
    if (!psp.enabled) throw new NodoFault('PPT_PSP_DISABILITATO');
    return psp;
  }

  /** The ECs associated with any station of an EC broker (the SOAP reporting list spans all of them, §5.5). */
  ecsOfBroker(brokerCode: string): string[] {
    const stations = new Set(this.doc.stations.filter((s) => s.brokerCode === brokerCode).map((s) => s.stationCode));
    return [...new Set(this.doc.stationCreditorInstitutions.filter((a) => stations.has(a.stationCode)).map((a) => a.creditorInstitutionCode))];
  }

  /** The EC of a postal account (verificaBollettino), if the registry knows the account. */
  postalAccountEc(ccPost: string): string | undefined {
    return this.postalAccounts.get(ccPost);
  }

  /** idSoggettoServizio → the catalogue service and the EC subject offering it (demandPaymentNotice). */
  serviceSubject(idSoggettoServizio: string): { service: Service; subject: ServiceSubject } | undefined {
    return this.serviceSubjects.get(idSoggettoServizio);
  }

  station(code: string): Station | undefined {
    return this.stations.get(code);
  }

  ecBroker(code: string): EcBroker | undefined {
    return this.ecBrokers.get(code);
  }

  psp(code: string): Psp | undefined {
    return this.psps.get(code);
  }

  creditorInstitution(code: string): CreditorInstitution | undefined {
    return this.ecs.get(code);
  }

  channel(code: string): Channel | undefined {
    return this.channels.get(code);
  }

  isIbanRegistered(ecCode: string, iban: string): boolean {
    return this.ibans.has(`${ecCode}|${iban}`);
  }

  firstIban(ecCode: string): string | undefined {
    return this.doc.ibans.find((i) => i.creditorInstitutionCode === ecCode)?.iban;
  }

  /**
   * What a REST subscription key may act for: `undefined` for an unknown key (401), else whether it may
   * act for `ecCode` (403 when not): its own EC, or any EC associated with a station of its EC broker.
   */
  subscriptionAllows(key: string | undefined, ecCode: string): boolean | undefined {
    const sub = key === undefined ? undefined : this.subscriptionKeys.get(key);
    if (!sub) return undefined;
    if (sub.creditorInstitutionCode !== undefined) return sub.creditorInstitutionCode === ecCode;
    return (this.associations.get(ecCode) ?? []).some((a) => this.stations.get(a.stationCode)?.brokerCode === sub.brokerCode);
  }

  subscription(key: string | undefined): SubscriptionKey | undefined {
    return key === undefined ? undefined : this.subscriptionKeys.get(key);
  }
}

function index<T>(list: T[], key: (t: T) => string): Map<string, T> {
  return new Map(list.map((t) => [key(t), t]));
}
