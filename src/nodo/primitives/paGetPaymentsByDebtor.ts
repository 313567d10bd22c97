import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import type { PspCredentials } from '../registry';
import type { Subject } from '../types';
import { groupOptions, positionsByDebtor, type PulledPosition, type PullView } from '../../store/pull';

export interface PaGetPaymentsByDebtorReq extends PspCredentials {
  debtor: { entityUniqueIdentifierType: 'F' | 'G'; entityUniqueIdentifierValue: string };
  fiscalCodePA?: string;
  dueDateFrom?: string;
  status: PullView;
  limit: number;
  page: number;
}

export interface DebtorInstallment {
  noticeNumber: string;
  creditorReferenceId: string;
  amountCents: number;
  description: string;
  dueDate: string;
  status: string;
}

export interface DebtorPaymentOption {
  description: string;
  numberOfInstallments: number;
  amountCents: number;
  dueDate?: string;
  isPartialPayment: boolean;
  installments: DebtorInstallment[];
}

export interface DebtorPosition {
  fiscalCodePA: string;
  companyName: string;
  debtor: Subject;
  status: string;
  paymentOptions: DebtorPaymentOption[];
}

export interface PaGetPaymentsByDebtorRes {
  pageInfo: { page: number; limit: number; itemsFound: number; totalPages: number };
  positions: DebtorPosition[];
}

// F: the 16 characters of a natural person's codice fiscale (letters, digits; omocodia letters included);
// G: a legal person's 11-digit fiscal code / VAT number
const FISCAL_CODE_F = /^[A-Z0-9]{16}$/;
const FISCAL_CODE_G = /^[0-9]{11}$/;

/** null when well formed, else the fault description. */
export function debtorCodeProblem(type: 'F' | 'G', value: string): string | null {
  if (type === 'F') {
    return FISCAL_CODE_F.test(value) ? null : `entityUniqueIdentifierValue '${value}' is not a natural person's fiscal code (type F: 16 characters A-Z, 0-9)`;
  }
  return FISCAL_CODE_G.test(value) ? null : `entityUniqueIdentifierValue '${value}' is not a legal person's fiscal code (type G: 11 digits)`;
}

/**
 * Our extension (spec §9.4): the notices a subject owes, from the archive, as payments pull lists them.
 * PSP checks are steps 1–6 of §7.2: a listing is not a model-3 payment, so any channel of the PSP may
 * ask. Nothing found is OK with an empty list, never a *_SCONOSCIUTO fault.
 */
export async function paGetPaymentsByDebtor(ctx: NodoContext, req: PaGetPaymentsByDebtorReq): Promise<PaGetPaymentsByDebtorRes> {
  ctx.registry().checkPsp(req, { model3: false });
  const { entityUniqueIdentifierType: type, entityUniqueIdentifierValue: value } = req.debtor;
  const problem = debtorCodeProblem(type, value);
  if (problem) throw new NodoFault('PPT_SEMANTICA', problem);
  const found = await positionsByDebtor(ctx.db.read, {
    debtorFiscalCode: value,
    view: req.status,
    limit: req.limit,
    page: req.page,
    ...(req.fiscalCodePA !== undefined ? { fiscalCodePA: req.fiscalCodePA } : {}),
    ...(req.dueDateFrom !== undefined ? { dueDateFrom: req.dueDateFrom } : {}),
  });
  return {
    pageInfo: { page: req.page, limit: req.limit, itemsFound: found.itemsFound, totalPages: Math.ceil(found.itemsFound / req.limit) },
    positions: found.positions.map(toDebtorPosition),
  };
}

function toDebtorPosition(p: PulledPosition): DebtorPosition {
  return {
    fiscalCodePA: p.organizationFiscalCode,
    companyName: p.companyName,
    debtor: debtor(p),
    status: p.status,
    paymentOptions: groupOptions(p.options).map((g) => ({
      description: g.items[0]!.description,
      numberOfInstallments: g.items.length,
      amountCents: g.items.reduce((s, o) => s + o.amountCents, 0),
      dueDate: g.items[0]!.dueDate,
      isPartialPayment: g.partial,
      installments: g.items.map((o) => ({
        noticeNumber: o.noticeNumber,
        creditorReferenceId: o.iuv,
        amountCents: o.amountCents,
        description: o.description,
        dueDate: o.dueDate,
        status: o.status,
      })),
    })),
  };
}

function debtor(p: PulledPosition): Subject {
  if (p.debtorJson) {
    try {
      const s = JSON.parse(p.debtorJson) as Subject;
      if (s && s.entityUniqueIdentifierValue) return s;
    } catch {
      // a hand-edited row: fall back to the columns
    }
  }
  return { entityUniqueIdentifierType: p.debtorType, entityUniqueIdentifierValue: p.debtorFiscalCode, fullName: p.debtorFullName };
}
