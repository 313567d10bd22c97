import { latestFlowNamed } from '../../store/reportingFlows';
import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import { checkPaCredentials, type CredenzialiPa } from './nodoChiediElencoFlussiRendicontazione';

export interface NodoChiediFlussoRendicontazioneReq extends CredenzialiPa {
  identificativoFlusso: string;
}

export interface NodoChiediFlussoRendicontazioneRes {
  /** base64 of the stored FlussoRiversamento bytes */
  xmlRendicontazione: string;
  /** the flow's EC, for the journal when the request names no domain */
  fiscalCode?: string;
}

const unknownFlow = () => new NodoFault('PPT_ID_FLUSSO_SCONOSCIUTO', 'Rendicontazione sconosciuta o presente in SFTP');

/**
 * One flow, its latest version (spec reporting.md §5.6, FDRNODO NodoChiediFlussoRendicontazioneActor): the
 * lookup comes before the credentials (NTEST CFRSEM6–8), with no time window; then the registry as for the
 * list; an EC that takes its flows by SFTP gets the unknown-flow fault. A flow of another EC, asked with
 * that EC's domain, is unknown; asked without a domain any station reads it (the node's leniency, §12).
 */
export async function nodoChiediFlussoRendicontazione(ctx: NodoContext, req: NodoChiediFlussoRendicontazioneReq): Promise<NodoChiediFlussoRendicontazioneRes> {
  if (req.identificativoFlusso === '') throw unknownFlow();
  const flow = await latestFlowNamed(ctx.db.knex, req.identificativoFlusso, {
    ...(req.identificativoDominio !== undefined ? { orgId: req.identificativoDominio } : {}),
    ...(req.identificativoPSP !== undefined ? { pspId: req.identificativoPSP } : {}),
  });
  if (!flow || flow.xml === null) throw unknownFlow();
  const registry = checkPaCredentials(ctx, req);
  if (req.identificativoDominio !== undefined && registry.creditorInstitution(req.identificativoDominio)?.reportingFtp) throw unknownFlow();
  return { xmlRendicontazione: Buffer.from(flow.xml, 'utf8').toString('base64'), fiscalCode: flow.orgId };
}
