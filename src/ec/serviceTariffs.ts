import type { Subject } from '../nodo/types';
import { findText, type ServiceDocument } from '../soap/serviceData';

/**
 * What a demanded notice costs and whom it is for, read from the service's specific data. The emulator's
 * own tariff table for the demo services (pagoPA publishes none: each EC prices its services), keyed by
 * what the document is, not by the catalogue's ids, so a registry that numbers its services differently
 * prices the same documents the same way. Any other document: DEFAULT_TARIFF.
 */
export interface Tariff {
  amountCents: number;
  /** the transfer's taxonomy code (transferCategory) */
  transferCategory: string;
}

export const DEFAULT_TARIFF: Tariff = { amountCents: 1000, transferCategory: '9/0101100IM/' };

/** by codicePratica: A001 passport (pagamentoPratica), D847 fishing licence (praticaPagamentoCanoni) */
const PRACTICES: Record<string, Tariff> = {
  A001: { amountCents: 11_600, transferCategory: '9/0201102IM/' },
  D847: { amountCents: 3_400, transferCategory: '9/0301109AP/' },
};

/** tassaAuto by tipoVeicoloTarga: 1 autoveicoli, 2 rimorchi, 4 motoveicoli */
const CAR_TAX: Record<string, number> = { '1': 15_000, '2': 6_000, '4': 3_000 };
const CAR_TAX_CATEGORY = '9/0101108TS/';

export function tariffOf(doc: ServiceDocument): Tariff {
  const practice = findText(doc.data, 'codicePratica')?.trim();
  if (practice && Object.prototype.hasOwnProperty.call(PRACTICES, practice)) return PRACTICES[practice]!;
  if (doc.rootName === 'tassaAuto') {
    const type = findText(doc.data, 'tipoVeicoloTarga')?.trim() ?? '';
    const cents = Object.prototype.hasOwnProperty.call(CAR_TAX, type) ? CAR_TAX[type]! : undefined;
    if (cents !== undefined) return { amountCents: cents, transferCategory: CAR_TAX_CATEGORY };
  }
  return DEFAULT_TARIFF;
}

/**
 * The position's debtor: the holder (intestatario) the service is for, else the payer (pagatore). A tax
 * code that ctSubject cannot hold (2..16 characters) is ANONIMO, as pagoPA writes an unknown one; a
 * document without a person (car tax) names the vehicle.
 */
export function debtorOf(doc: ServiceDocument): Subject {
  const d = doc.data;
  const code = (findText(d, 'codiceFiscaleIntestatario') ?? findText(d, 'codiceFiscalePagatore'))?.trim();
  const name = findText(d, 'denominazioneIntestatario') ?? findText(d, 'denominazionePagatore');
  const plate = findText(d, 'veicoloTarga')?.trim();
  const value = code && code.length >= 2 && code.length <= 16 ? code.toUpperCase() : 'ANONIMO';
  return {
    entityUniqueIdentifierType: /^[0-9]{11}$/.test(value) ? 'G' : 'F',
    entityUniqueIdentifierValue: value,
    fullName: (name?.trim() || (plate ? `Intestatario veicolo ${plate}` : 'Pagatore spontaneo')).slice(0, 70),
  };
}

/** what the notice says it is for: the debtor, or the vehicle */
export function subjectLabel(doc: ServiceDocument, debtor: Subject): string {
  const plate = findText(doc.data, 'veicoloTarga')?.trim();
  return plate ? `targa ${plate}` : debtor.fullName;
}
