import { randomUUID } from 'node:crypto';
import { outboundLine } from '../exchangeLog';
import type { NodoContext } from '../nodo/context';
import { PA_FOR_NODE_OPERATIONS, type PaForNodeOperation } from '../soap/operations/paForNode';
import { journalKey, journalXml } from '../store/journal';
import type { StationExchange } from './stationClient';

/** The paForNode operations the node calls on EC stations: the `operation` of outbound journal rows. */
export const STATION_OPERATIONS = Object.keys(PA_FOR_NODE_OPERATIONS) as readonly PaForNodeOperation[];

export interface StationJournalKeys {
  stationCode: string;
  fiscalCode?: string;
  noticeNumber?: string;
  token?: string;
  /** OK / KO: the EC's own outcome; FAULT: no usable answer (transport failure, invalid or incoherent answer) */
  outcome?: 'OK' | 'KO' | 'FAULT' | null;
  /** the EC's PAA_* code on a KO, the PPT_STAZIONE_INT_PA_* code the node derived on a FAULT */
  faultCode?: string | null;
}

/**
 * Appends one node → EC station exchange to the journal (direction 'out'), and logs it at debug, whatever its result (the last
 * step of the outbound pipeline, ec/outbound.ts), so
 * `/admin/journal?direction=out` shows an EC developer what their endpoint received and answered.
 * `http_status` is 0 when no HTTP answer came (timeout, refused or dropped connection).
 */
export function journalStationExchange(ctx: NodoContext, ex: StationExchange, keys: StationJournalKeys): void {
  // --log-level debug: the same exchange as one line (exchangeLog.ts)
  if (ctx.log.debugEnabled) ctx.log.debug(outboundLine(ex, keys));
  const durationMs = Math.round(ex.durationUs / 1000);
  ctx.journal.append({
    at: ctx.clock.now().getTime() - durationMs,
    request_id: randomUUID(),
    operation: ex.action,
    id_psp: null,
    id_channel: null,
    fiscal_code: journalKey(keys.fiscalCode, 11),
    notice_number: journalKey(keys.noticeNumber, 18),
    token: journalKey(keys.token, 35),
    outcome: keys.outcome ?? null,
    // an EC's faultCode is free text on the wire: keep what fits the column rather than lose the row
    fault_code: keys.faultCode ? keys.faultCode.slice(0, 60) : null,
    http_status: ex.httpStatus ?? 0,
    duration_us: ex.durationUs,
    request_xml: ex.request,
    response_xml: journalXml(ex.response),
    debtor_open_notices: null,
    debtor_open_amount_cents: null,
    direction: 'out',
    station_code: journalKey(keys.stationCode, 35),
  });
}
