import type { EcContext } from '../nodo/registry';
import type { CreditorInstitution, Service, ServiceSubject, Station } from '../nodo/registryModel';
import type { DemandData, PaymentData, VerifyData } from '../nodo/types';
import type { ServiceDocument } from '../soap/serviceData';

/** Who the node is calling on behalf of whom: what paForNode puts in idPA / idBrokerPA / idStation. */
export interface EcCall {
  ec: EcContext;
  fiscalCode: string;
  noticeNumber: string;
}

export interface GetPaymentCall extends EcCall {
  amountCents: number;
  dueDate?: string;
  paymentNote?: string;
}

/**
 * A spontaneous payment asked of a service subject's station (paDemandPaymentNotice): no notice yet, so
 * the station comes from the catalogue subject, not from a notice number.
 */
export interface DemandCall {
  /** the subject's EC: idPA */
  fiscalCode: string;
  creditorInstitution: CreditorInstitution;
  station: Station;
  /** idBrokerPA: the station's broker */
  brokerCode: string;
  service: Service;
  subject: ServiceSubject;
  /** the PSP's datiSpecificiServizio as received: a remote station gets it unchanged */
  datiSpecificiServizio: string;
  /** the same, decoded and already valid against the service's XSD */
  document: ServiceDocument;
}

/**
 * A creditor institution's station, as the node sees it. Implementations answer with data, or throw
 * `EcFault` (a valid KO from the EC: PAA_*) or `StationFailure` (no usable answer). They never lock anything.
 */
export interface EcBackend {
  verify(call: EcCall): Promise<VerifyData>;
  getPayment(call: GetPaymentCall): Promise<PaymentData>;
  /** a new notice for a spontaneous payment, created by the EC from the service and its specific data */
  demand(call: DemandCall): Promise<DemandData>;
}
