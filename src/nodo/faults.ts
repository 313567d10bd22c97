/**
 * The one fault catalog: every code the emulator emits, with the node's literal faultString
 * (spec §6.3, from DigitPaErrorCodes.scala), and the one function that turns a code into a fault bean.
 * SOAP responses and REST problem JSON both render from here.
 */
export const FAULT_STRINGS = {
  PPT_SINTASSI_EXTRAXSD: 'Errore di sintassi extra XSD.',
  PPT_SINTASSI_XSD: 'Errore di sintassi XSD.',
  PPT_AUTENTICAZIONE: 'Errore di autenticazione.',
  PPT_AUTORIZZAZIONE: "Il richiedente non ha i diritti per l'operazione.",
  PPT_PSP_SCONOSCIUTO: 'PSP sconosciuto.',
  PPT_PSP_DISABILITATO: 'PSP conosciuto ma disabilitato da configurazione.',
  PPT_INTERMEDIARIO_PSP_SCONOSCIUTO: 'Identificativo intermediario psp sconosciuto.',
  PPT_INTERMEDIARIO_PSP_DISABILITATO: 'Intermediario psp disabilitato.',
  PPT_CANALE_SCONOSCIUTO: 'Canale sconosciuto.',
  PPT_CANALE_DISABILITATO: 'Canale conosciuto ma disabilitato da configurazione.',
  PPT_DOMINIO_SCONOSCIUTO: 'Identificativo Dominio sconosciuto.',
  PPT_DOMINIO_DISABILITATO: 'Dominio disabilitato.',
  PPT_INTERMEDIARIO_PA_SCONOSCIUTO: 'Identificativo intermediario dominio sconosciuto.',
  PPT_INTERMEDIARIO_PA_DISABILITATO: 'Intermediario dominio disabilitato.',
  PPT_STAZIONE_INT_PA_SCONOSCIUTA: 'IdentificativoStazioneRichiedente sconosciuto.',
  PPT_STAZIONE_INT_PA_DISABILITATA: 'Stazione disabilitata.',
  PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE: 'Errore di connessione verso la Stazione.',
  PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO: "Il Servizio Applicativo della Stazione non e' attivo.",
  PPT_STAZIONE_INT_PA_TIMEOUT: 'Timeout risposta dalla Stazione.',
  PPT_STAZIONE_INT_PA_ERRORE_RESPONSE: 'Errore di risposta dalla stazione.',
  PPT_ERRORE_EMESSO_DA_PAA: 'Errore restituito dalla PAA.',
  PPT_IBAN_NON_CENSITO: 'Il codice IBAN indicato dal EC non è presente nella lista degli IBAN comunicati al sistema pagoPA.',
  PPT_PAGAMENTO_IN_CORSO: 'Pagamento in attesa risulta in corso al sistema pagoPA',
  PPT_PAGAMENTO_DUPLICATO: 'Pagamento in attesa risulta concluso al sistema pagoPA',
  PPT_PAGAMENTO_SCONOSCIUTO: 'Pagamento sconosciuto',
  PPT_TOKEN_SCONOSCIUTO: 'unknown token',
  PPT_TOKEN_SCADUTO: 'paymentToken is expired',
  PPT_TOKEN_SCADUTO_KO: 'paymentToken is expired on outcome KO',
  PPT_ESITO_GIA_ACQUISITO: "L'esito del pagamento risulta già acquisito dal sistema pagoPA.",
  PPT_ERRORE_IDEMPOTENZA: 'Errore idempotenza',
  PPT_SEMANTICA: 'Errore semantico.',
  // the service catalogue (demandPaymentNotice, DDataChecks.checkCdsServizio / checkCdsSoggettoServizio)
  PPT_SERVIZIO_SCONOSCIUTO: 'Servizio inesistente sul sistema pagoPA',
  PPT_SERVIZIO_NONATTIVO: 'Servizio non attivo',
  PPT_VERSIONE_SERVIZIO: 'Versione servizio incompatibile con la chiamata',
  PPT_SOAPACTION_ERRATA: 'SOAPAction errata.',
  // reporting flows (nodoChiediFlussoRendicontazione, reporting.md §5.6)
  PPT_ID_FLUSSO_SCONOSCIUTO: 'Identificativo flusso sconosciuto o presente in SFTP',
  PPT_SYSTEM_ERROR: 'Errore generico.',
} as const;

export type FaultCode = keyof typeof FAULT_STRINGS;

/** The id the node puts in faults it detects itself (FaultId.scala). */
export const NODE_FAULT_ID = 'NodoDeiPagamentiSPC';

/** ctFaultBean, in XSD element order. */
export interface FaultBean {
  faultCode: string;
  faultString: string;
  id: string;
  description?: string;
  serial?: number;
  originalFaultCode?: string;
  originalFaultString?: string;
  originalDescription?: string;
}

/**
 * Thrown by primitives, registry checks and backends; the router renders it as the primitive's own
 * response with outcome KO (HTTP 200). `description` defaults to the faultString, as the node does.
 */
export class NodoFault extends Error {
  constructor(
    readonly code: FaultCode,
    readonly description?: string,
    readonly extra: Partial<Pick<FaultBean, 'id' | 'originalFaultCode' | 'originalFaultString' | 'originalDescription'>> = {},
  ) {
    super(`${code}: ${description ?? FAULT_STRINGS[code]}`);
  }

  get bean(): FaultBean {
    return faultBean(this.code, this.description, this.extra);
  }
}

export function faultBean(code: FaultCode, description?: string, extra: NodoFault['extra'] = {}): FaultBean {
  return {
    faultCode: code,
    faultString: FAULT_STRINGS[code],
    id: extra.id ?? NODE_FAULT_ID,
    description: description ?? FAULT_STRINGS[code],
    ...(extra.originalFaultCode !== undefined ? { originalFaultCode: extra.originalFaultCode } : {}),
    ...(extra.originalFaultString !== undefined ? { originalFaultString: extra.originalFaultString } : {}),
    ...(extra.originalDescription !== undefined ? { originalDescription: extra.originalDescription } : {}),
  };
}

/** A fault raised by an EC backend (PAA_* codes), before it is relayed to the PSP. */
export class EcFault extends Error {
  constructor(
    readonly faultCode: string,
    readonly faultString: string,
    readonly id: string,
    readonly description?: string,
  ) {
    super(`${faultCode}: ${description ?? faultString}`);
  }
}

/** How an EC station failed when the node could not get a usable answer from it. */
export class StationFailure extends Error {
  constructor(
    readonly code: 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE' | 'PPT_STAZIONE_INT_PA_TIMEOUT' | 'PPT_STAZIONE_INT_PA_ERRORE_RESPONSE' | 'PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO',
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/**
 * Faults from the EC's own catalog used by our archive/synthetic backends (GPD's PaaErrorEnum). Without a
 * prototype: the mock EC looks up fault codes its users type, and `toString` must not find a function.
 */
export const PAA_FAULT_STRINGS: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  PAA_PAGAMENTO_SCONOSCIUTO: 'Pagamento in attesa risulta sconosciuto all’Ente Creditore.',
  PAA_PAGAMENTO_SCADUTO: 'Pagamento in attesa risulta scaduto all’Ente Creditore.',
  PAA_PAGAMENTO_ANNULLATO: 'Pagamento in attesa risulta annullato all’Ente Creditore.',
  PAA_PAGAMENTO_DUPLICATO: 'Pagamento in attesa risulta concluso all’Ente Creditore.',
  PAA_SYSTEM_ERROR: 'Errore generico.',
  // answered by the mock EC (src/mockEc), with GPD's texts
  PAA_ID_DOMINIO_ERRATO: 'La PAA non corrisponde al Dominio indicato.',
  PAA_ID_INTERMEDIARIO_ERRATO: 'Identificativo intermediario non corrispondente.',
  PAA_STAZIONE_INT_ERRATA: 'Stazione intermediario non corrispondente.',
  PAA_SINTASSI_XSD: 'Errore di sintassi XSD.',
  PAA_SEMANTICA: 'Errore semantico.',
  PAA_RECEIPT_DUPLICATA: 'Receipt già ricevuta',
});
