/**
 * Domain types shared by primitives, backends and the SOAP codec. Names keep XSD spelling; money is
 * integer cents everywhere inside the node (the codec turns it into `10.00` at the XML edge).
 */
export interface MapEntry {
  key: string;
  value: string;
}

export interface Subject {
  entityUniqueIdentifierType: 'F' | 'G';
  entityUniqueIdentifierValue: string;
  fullName: string;
  streetName?: string;
  civicNumber?: string;
  postalCode?: string;
  city?: string;
  stateProvinceRegion?: string;
  country?: string;
  email?: string;
}

export interface StampRequest {
  hashDocumento: string;
  tipoBollo: string;
  provinciaResidenza: string;
}

export interface Transfer {
  idTransfer: number;
  transferAmountCents: number;
  fiscalCodePA: string;
  companyName?: string;
  IBAN?: string;
  richiestaMarcaDaBollo?: StampRequest;
  remittanceInformation: string;
  transferCategory: string;
  metadata?: MapEntry[];
}

/** What an EC answers to paVerifyPaymentNotice (one option, spec §4.1). */
export interface VerifyData {
  amountCents: number;
  options: 'EQ' | 'LS' | 'GT' | 'ANY';
  dueDate?: string;
  detailDescription?: string;
  allCCP: boolean;
  paymentDescription: string;
  fiscalCodePA: string;
  companyName: string;
  officeName?: string;
  standin?: boolean;
  /** not on the wire: the debtor's id on the archive row this answer was read from (archive, synthetic, Stand-In) */
  debtorId?: string;
}

/**
 * What an EC answers to paDemandPaymentNotice (spec §4.5): the notice it has just created for a
 * spontaneous payment, and that notice's one payment option, as verify would show it.
 */
export interface DemandData extends Omit<VerifyData, 'standin'> {
  qrCode: { fiscalCode: string; noticeNumber: string };
}

/** What an EC answers to paGetPayment(V2) (ctPaymentPA / ctPaymentPAV2). */
export interface PaymentData {
  creditorReferenceId: string;
  paymentAmountCents: number;
  dueDate: string;
  description: string;
  companyName: string;
  officeName?: string;
  debtor: Subject;
  transfers: Transfer[];
  metadata?: MapEntry[];
  standin?: boolean;
}

export interface OutcomeDetails {
  paymentMethod: string;
  paymentChannel?: string;
  feeCents: number;
  primaryCiIncurredFeeCents?: number;
  idBundle?: string;
  idCiBundle?: string;
  payer?: Subject;
  applicationDate: string;
  transferDate: string;
  marcheDaBollo?: { paymentToken: string; idTransfer: number; MBDAttachment: string }[];
}
