import type { DemandCall } from '../../ec/backend';
import type { QrCode } from '../../soap/operations/parts';
import { readServiceData } from '../../soap/serviceData';
import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import type { PspCredentials, Registry } from '../registry';
import { serviceXsdFile } from '../registryFile';
import { demandAtStation } from './ecCalls';

export interface DemandPaymentNoticeReq extends PspCredentials {
  idSoggettoServizio: string;
  /** base64 of the service's XML document */
  datiSpecificiServizio: string;
}

export interface DemandPaymentNoticeRes {
  qrCode: QrCode;
  paymentList: { amountCents: number; options: string; dueDate?: string; paymentNote?: string }[];
  paymentDescription: string;
  fiscalCodePA: string;
  companyName: string;
  officeName?: string;
}

/**
 * §3.6, a spontaneous payment: the PSP checks of §7.2 (without the ATTIVATO_PRESSO_PSP channel check,
 * which the node applies to verify, activate and verificaBollettino only: demand belongs to the node's
 * Mod4 suite, not NM3), then the service catalogue (subject, service version, validity on the injected
 * clock), the subject's EC, station and broker, the specific data against the service's XSD, and
 * paDemandPaymentNotice at the subject's station. The EC's new notice is relayed as verify relays one
 * (detailDescription → paymentNote); the PSP then pays its qrCode with activate.
 */
export async function demandPaymentNotice(ctx: NodoContext, req: DemandPaymentNoticeReq): Promise<DemandPaymentNoticeRes> {
  const reg = ctx.registry();
  const psp = reg.checkPsp(req, { model3: false });
  const target = checkSubject(reg, req.idSoggettoServizio, ctx.clock.now().toISOString().slice(0, 10));
  const read = readServiceData(req.datiSpecificiServizio, serviceXsdFile(target.service.xsd));
  // an embedded document that is not what its schema says: the code the node keeps for base64 payloads (§6.2)
  if (!read.ok) throw new NodoFault('PPT_SINTASSI_XSD', read.problem);
  const data = await demandAtStation(ctx, psp, { ...target, datiSpecificiServizio: req.datiSpecificiServizio, document: read.document });
  return {
    qrCode: data.qrCode,
    paymentList: [
      {
        amountCents: data.amountCents,
        options: data.options,
        ...(data.dueDate ? { dueDate: data.dueDate } : {}),
        ...(data.detailDescription ? { paymentNote: data.detailDescription } : {}),
      },
    ],
    paymentDescription: data.paymentDescription,
    fiscalCodePA: data.fiscalCodePA,
    companyName: data.companyName,
    ...(data.officeName ? { officeName: data.officeName } : {}),
  };
}

/**
 * The catalogue checks (NODE DDataChecks.checkCdsSoggettoServizio / checkCdsServizio), then the subject's
 * EC side as §7.2 steps 8–9 check a notice's: EC, station, station broker.
 */
function checkSubject(reg: Registry, idSoggettoServizio: string, today: string): Omit<DemandCall, 'datiSpecificiServizio' | 'document'> {
  const found = reg.serviceSubject(idSoggettoServizio);
  if (!found) throw new NodoFault('PPT_SERVIZIO_SCONOSCIUTO', 'Soggetto Servizio inesistente sul sistema pagoPA');
  const { service, subject } = found;
  if (service.version !== 2) throw new NodoFault('PPT_VERSIONE_SERVIZIO');
  if (today < subject.validFrom || (subject.validTo !== undefined && today > subject.validTo)) {
    const window = subject.validTo !== undefined ? `dal ${subject.validFrom} al ${subject.validTo}` : `dal ${subject.validFrom}`;
    throw new NodoFault('PPT_SERVIZIO_NONATTIVO', `Soggetto Servizio ${idSoggettoServizio} attivo ${window}, non il ${today}`);
  }
  const ec = reg.creditorInstitution(subject.creditorInstitutionCode);
  if (!ec) throw new NodoFault('PPT_DOMINIO_SCONOSCIUTO');
  if (!ec.enabled) throw new NodoFault('PPT_DOMINIO_DISABILITATO');
  const station = reg.station(subject.stationCode);
  if (!station) throw new NodoFault('PPT_STAZIONE_INT_PA_SCONOSCIUTA');
  if (!station.enabled) throw new NodoFault('PPT_STAZIONE_INT_PA_DISABILITATA');
  const broker = reg.ecBroker(station.brokerCode);
  if (!broker) throw new NodoFault('PPT_INTERMEDIARIO_PA_SCONOSCIUTO');
  if (!broker.enabled) throw new NodoFault('PPT_INTERMEDIARIO_PA_DISABILITATO');
  return { fiscalCode: ec.creditorInstitutionCode, creditorInstitution: ec, station, brokerCode: station.brokerCode, service, subject };
}
