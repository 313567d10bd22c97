import { flowSchema } from '../../soap/flowSchema';
import { insertPublished, publishedRevisions, type Flow } from '../../store/reportingFlows';
import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import { pspCredentials, type CredenzialiPsp } from '../registry';
import { epochOf, localDateTimeString, parseDateTime, secondsString, wallKey, type WallTime } from '../reporting/flowTime';
import { utcSeconds } from '../reporting/flowXml';
import { readSoapFlow } from '../reporting/soapFlow';

export interface NodoInviaFlussoRendicontazioneReq extends CredenzialiPsp {
  identificativoDominio: string;
  identificativoFlusso: string;
  dataOraFlusso: string;
  /** base64 of a FlussoRiversamento document */
  xmlRendicontazione: string;
}

/** esito OK and nothing else (the esito is the response style's, see the descriptor) */
export type NodoInviaFlussoRendicontazioneRes = Record<string, never>;

/**
 * A PSP sends a reporting flow (FdR 1), in the node's order (spec reporting.md §5.3, FDRNODO
 * NodoInviaFlussoRendicontazioneActor): PSP credentials → domain → identifier → resend → overwrite → the
 * document against the FlussoRiversamento schema → the document's id and date against the envelope. OK
 * stores the exact bytes as a new PUBLISHED revision, with its header and payments read as REST sees them
 * (§5.7), so the REST readers and nodoChiediFlussoRendicontazione serve it. Totals, receiver, sender and
 * IUVs are never checked (§5.3).
 */
export async function nodoInviaFlussoRendicontazione(ctx: NodoContext, req: NodoInviaFlussoRendicontazioneReq): Promise<NodoInviaFlussoRendicontazioneRes> {
  const registry = ctx.registry();
  registry.checkPsp(pspCredentials(req), { model3: false });
  registry.checkDominio(req.identificativoDominio);
  const id = req.identificativoFlusso;
  checkIdentifier(id, req.identificativoPSP);
  // the XSD gate checked the xs:dateTime lexical form
  const when = parseDateTime(req.dataOraFlusso)!;
  const schema = await flowSchema();

  await ctx.db.knex.transaction(async (trx) => {
    const previous = await publishedRevisions(trx, req.identificativoPSP, id);
    checkAgainstPrevious(req, when, previous);

    const bytes = Buffer.from(req.xmlRendicontazione, 'base64');
    const checked = schema.check(bytes);
    if (!checked.ok) throw new NodoFault('PPT_SINTASSI_XSD', checked.message);
    const flow = readSoapFlow(checked.flow, req);
    if (flow.identificativoFlusso !== id) {
      throw new NodoFault('PPT_SEMANTICA', 'Il campo [identificativoFlusso] non è uguale al campo dentro xml flusso riversamento [identificativoFlusso]');
    }
    // year through seconds: millis and zone are ignored
    const inside = parseDateTime(flow.dataOraFlusso);
    if (!inside || secondsString(inside) !== secondsString(when)) {
      throw new NodoFault('PPT_SEMANTICA', 'Il campo [dataOraFlusso] non è uguale al campo dentro xml flusso riversamento [dataOraFlusso]');
    }

    const { header, payments } = flow;
    await insertPublished(
      trx,
      { pspId: req.identificativoPSP, name: id, orgId: req.identificativoDominio, fdrDate: epochOf(when), fdrDateText: req.dataOraFlusso, header, origin: 'SOAP' },
      payments,
      bytes.toString('utf8'),
      ctx.clock.now().getTime(),
    );
  });
  return {};
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `<YYYY-MM-DD><idPSP>-<free>`, at most 35 characters (spec §2; the envelope types it as a plain string). */
function checkIdentifier(id: string, idPSP: string): void {
  const tooLong = id.length > 35;
  if (tooLong || !isStrictDay(id.slice(0, 10)) || !id.slice(10).startsWith(`${idPSP}-`)) {
    throw new NodoFault(
      'PPT_SEMANTICA',
      `identificativo flusso di rendicontazione (${id}) non conforme al formato previsto dalle specifiche (<YYYY-MM-DD><istitutoMittente>-<flusso>)${tooLong ? ' con lunghezza massima di 35 caratteri' : ''}`,
    );
  }
}

function isStrictDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The stored flow's dataOraFlusso as the node holds it: a wall time (a REST fdrDate is UTC). */
const wallOf = (f: Flow): WallTime => parseDateTime(f.fdrDateText) ?? parseDateTime(utcSeconds(f.fdrDate))!;

/**
 * Steps 5–6 of §5.3: the same (PSP, id, dataOraFlusso) already sent; else, against the latest flow of that
 * PSP and id in the same calendar year, a date that is not later, or another domain.
 */
function checkAgainstPrevious(req: NodoInviaFlussoRendicontazioneReq, when: WallTime, previous: Flow[]): void {
  const key = wallKey(when);
  if (previous.some((f) => wallKey(wallOf(f)) === key)) {
    throw new NodoFault(
      'PPT_SEMANTICA',
      `flusso di rendicontazione gia' presente(identificativo PSP ${req.identificativoPSP}, identificativo flusso ${req.identificativoFlusso}, data - ora ${localDateTimeString(when)})`,
    );
  }
  let latest: { flow: Flow; wall: WallTime } | undefined;
  for (const flow of previous) {
    const wall = wallOf(flow);
    if (wall.year !== when.year) continue;
    if (!latest || wallKey(wall) > wallKey(latest.wall)) latest = { flow, wall };
  }
  if (!latest) return;
  if (key <= wallKey(latest.wall)) {
    throw new NodoFault(
      'PPT_SEMANTICA',
      `Esiste già un file con identificativoFlusso [${req.identificativoFlusso}] più aggiornato con dataOraFlusso [${localDateTimeString(latest.wall)}]`,
    );
  }
  if (latest.flow.orgId !== req.identificativoDominio) {
    throw new NodoFault(
      'PPT_SEMANTICA',
      `Il file con identificativoFlusso [${req.identificativoFlusso}] ha idDominio old[${latest.flow.orgId}], idDominio new [${req.identificativoDominio}]`,
    );
  }
}
