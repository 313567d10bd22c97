import { randomUUID } from 'node:crypto';
import type { NodoContext } from '../nodo/context';
import { FAULT_STRINGS, NodoFault, faultBean, type FaultBean } from '../nodo/faults';
import { ReplayedFault } from '../nodo/idempotency';
import { isOperation, OPERATION_BY_ELEMENT, PRIMITIVES, type OperationName } from '../nodo/primitives';
import type { OpenNotices } from '../store/pull';
import type { JournalRow } from '../store/rows';
import { maskPassword, parseEnvelope, soapActionName } from './envelope';
import { toObject, type XmlObject } from './libxml';
import { DECODERS, ENCODERS, faultTree, journalKeys } from './messages';
import type { XsdGate } from './xsdGate';
import { NODE_FOR_PSP_NS, responseEnvelope, soapFault } from './xmlWriter';

/**
 * A journal key as its column stores it (widths of the journal migration). Keys are read from requests
 * that may have failed the XSD: one too long (varchar on PostgreSQL) or not text at all would make the
 * whole journal batch fail, so such a key is left out; the request XML still carries it.
 */
function column(v: unknown, width: number): string | null {
  return typeof v === 'string' && v.length <= width ? v : null;
}

export interface SoapExchange {
  status: number;
  body: string;
  journal: JournalRow;
}

/**
 * The SOAP pipeline, one request at a time:
 *   guard + parse (envelope.ts) → pick the operation (SOAPAction, else the Body child) → XSD gate on the
 *   Body child → decode → primitive → encode. Any NodoFault becomes the primitive's own KO response
 *   (HTTP 200); anything unexpected becomes PPT_SYSTEM_ERROR, logged with the request id and never
 *   shown. A SOAP Fault only when no operation can be identified (spec §6.4).
 */
export function createSoapRouter(ctx: NodoContext, gate: XsdGate) {
  return async function handle(body: string, soapActionHeader: string | string[] | undefined): Promise<SoapExchange> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const at = ctx.clock.now().getTime();
    const journal = (status: number, response: string, op: OperationName | undefined, o: XmlObject | undefined, outcome: string, fault?: string): SoapExchange => {
      const keys = o ? journalKeys(o) : {};
      return {
        status,
        body: response,
        journal: {
          at,
          request_id: requestId,
          operation: op ?? null,
          id_psp: column(keys.idPSP, 35),
          id_channel: column(keys.idChannel, 35),
          fiscal_code: column(keys.fiscalCode, 11),
          notice_number: column(keys.noticeNumber, 18),
          token: column(keys.token, 35),
          outcome,
          fault_code: fault ?? null,
          http_status: status,
          duration_us: Number((process.hrtime.bigint() - started) / 1000n),
          // PostgreSQL text cannot hold NUL, which only an unreadable request can carry
          request_xml: maskPassword(body).replace(/\0/g, '\uFFFD'),
          response_xml: response,
          debtor_open_notices: null,
          debtor_open_amount_cents: null,
        },
      };
    };
    const fault = (status: number, code: string, text: string, detail?: string, op?: OperationName) =>
      journal(status, soapFault(code, text, detail), op, undefined, 'FAULT', code);

    const parsed = parseEnvelope(body);
    if (parsed.kind === 'rejected') return fault(parsed.status, 'soap:Client', 'Errore richiesta non leggibile', parsed.detail);
    if (parsed.kind === 'unreadable') return fault(400, 'soap:Client', 'Errore richiesta non leggibile', parsed.detail);
    const { doc, bodyChild, envelopeProblem } = parsed;
    try {
      const action = soapActionName(soapActionHeader);
      const named = action ?? bodyChild?.name;
      if (named === undefined) return fault(400, 'soap:Client', 'Operazione non leggibile da SOAPAction o Body');
      const op = isOperation(named) ? named : action === undefined ? OPERATION_BY_ELEMENT.get(named) : undefined;
      if (!op) return fault(400, 'PPT_SOAPACTION_ERRATA', FAULT_STRINGS.PPT_SOAPACTION_ERRATA, `SOAPAction "${named}" errata`);
      const entry = PRIMITIVES[op];
      const ko = (bean: FaultBean, o?: XmlObject) =>
        journal(200, responseEnvelope(entry.responseElement, [['outcome', 'KO'], ['fault', faultTree(bean)]]), op, o, 'KO', bean.faultCode);
      const syntax = (description: string, o?: XmlObject) => ko(faultBean('PPT_SINTASSI_EXTRAXSD', description), o);

      if (envelopeProblem) return syntax(envelopeProblem);
      if (!bodyChild) return syntax('soapenv:Body is empty');
      if (bodyChild.name !== entry.requestElement || bodyChild.namespaceUri !== NODE_FOR_PSP_NS) {
        return syntax(`Element '{${bodyChild.namespaceUri}}${bodyChild.name}': expected {${NODE_FOR_PSP_NS}}${entry.requestElement} for ${op}`);
      }
      const invalid = gate.check(bodyChild);
      const o = toObject(bodyChild);
      if (invalid) return syntax(invalid, o);

      try {
        const req = DECODERS[op](o);
        const res = await (entry.handle as (c: NodoContext, r: unknown) => Promise<unknown>)(ctx, req);
        const xml = responseEnvelope(entry.responseElement, [['outcome', 'OK'], ...(ENCODERS[op] as (r: unknown) => ReturnType<(typeof ENCODERS)[OperationName]>)(res)]);
        const ex = journal(200, xml, op, o, 'OK');
        // an activation's token is only in the response: index it so /admin/journal?token= finds the whole flow
        const issued = (res as { paymentToken?: unknown }).paymentToken;
        if (typeof issued === 'string') ex.journal.token = issued;
        // the pending-notice hint goes to the journal only, never into the official response
        const pending = (res as { pendingNotices?: OpenNotices }).pendingNotices;
        if (pending) {
          ex.journal.debtor_open_notices = pending.count;
          ex.journal.debtor_open_amount_cents = pending.totalCents;
        }
        return ex;
      } catch (err) {
        if (err instanceof NodoFault) return ko(err.bean, o);
        if (err instanceof ReplayedFault) return ko(err.bean, o);
        ctx.log.error('primitive failed', { requestId, operation: op, error: (err as Error).stack ?? String(err) });
        return ko(faultBean('PPT_SYSTEM_ERROR', `Errore generico. requestId ${requestId}`), o);
      }
    } finally {
      doc.dispose();
    }
  };
}
