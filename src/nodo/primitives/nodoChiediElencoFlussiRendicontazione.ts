import { latestFlowsOf } from '../../store/reportingFlows';
import type { NodoContext } from '../context';
import { parseDateTime, romeMidnightDaysBefore, secondsString } from '../reporting/flowTime';
import { utcSeconds } from '../reporting/flowXml';

/** The EC-side credentials of the reporting reads (nodeForPa.xsd), with the optional domain and PSP. */
export interface CredenzialiPa {
  identificativoIntermediarioPA: string;
  identificativoStazioneIntermediarioPA: string;
  password: string;
  identificativoDominio?: string;
  identificativoPSP?: string;
}

export type NodoChiediElencoFlussiRendicontazioneReq = CredenzialiPa;

export interface IdRendicontazione {
  identificativoFlusso: string;
  /** yyyy-MM-dd'T'HH:mm:ss, no zone */
  dataOraFlusso: string;
}

export interface NodoChiediElencoFlussiRendicontazioneRes {
  elencoFlussiRendicontazione: { totRestituiti: number; idRendicontazione: IdRendicontazione[] };
}

/** chiediElencoFlussiRendicontazioneDayLimit (FDRNODO): flows dated from 00:00 of today − 30 days, node-local */
export const LIST_DAY_LIMIT = 30;

/**
 * The EC's published flows, latest version of each (spec reporting.md §5.5, FDRNODO FdrRepository
 * .findRendicontazioni): the broker's stations' ECs, narrowed to the domain and PSP when given, within the
 * 30-day window on the injected clock. Flows published over REST are there too (§5.7). Nothing → totRestituiti 0.
 */
export async function nodoChiediElencoFlussiRendicontazione(ctx: NodoContext, req: NodoChiediElencoFlussiRendicontazioneReq): Promise<NodoChiediElencoFlussiRendicontazioneRes> {
  const registry = checkPaCredentials(ctx, req);
  const orgIds = req.identificativoDominio !== undefined ? [req.identificativoDominio] : registry.ecsOfBroker(req.identificativoIntermediarioPA);
  const from = romeMidnightDaysBefore(ctx.clock.now().getTime(), LIST_DAY_LIMIT);
  const flows = await latestFlowsOf(ctx.db.knex, orgIds, { ...(req.identificativoPSP !== undefined ? { pspId: req.identificativoPSP } : {}), fdrDateFrom: from });
  const idRendicontazione = flows.map((f) => ({
    identificativoFlusso: f.name,
    // the node keeps the wall time as sent (a REST fdrDate is UTC)
    dataOraFlusso: secondsString(parseDateTime(f.fdrDateText) ?? parseDateTime(utcSeconds(f.fdrDate))!),
  }));
  return { elencoFlussiRendicontazione: { totRestituiti: idRendicontazione.length, idRendicontazione } };
}

/** §5.5 steps 2–3, shared with nodoChiediFlussoRendicontazione: domain, broker, station, password, association; then the PSP. */
export function checkPaCredentials(ctx: NodoContext, req: CredenzialiPa) {
  const registry = ctx.registry();
  registry.checkPaBrokerStation({
    brokerCode: req.identificativoIntermediarioPA,
    stationCode: req.identificativoStazioneIntermediarioPA,
    password: req.password,
    ...(req.identificativoDominio !== undefined ? { ecCode: req.identificativoDominio } : {}),
  });
  if (req.identificativoPSP !== undefined) registry.checkPspCode(req.identificativoPSP);
  return registry;
}
