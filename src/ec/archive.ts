import type { Clock } from '../clock';
import { EcFault, PAA_FAULT_STRINGS } from '../nodo/faults';
import type { Registry } from '../nodo/registry';
import type { PaymentData, VerifyData } from '../nodo/types';
import { type ArchivedNotice, debtorFromRow, findArchivedNotice, transferFromRow } from '../store/archive';
import type { Db } from '../store/db';
import type { EcBackend, EcCall } from './backend';
import { createDemandedNotice, toDemandData } from './demandedNotice';

/**
 * Serves notices stored in our archive, answering as a GPD-hosted EC does (GPD PartnerService
 * checkDebtPositionStatus, spec §4.7): unknown or unpublished → PAA_PAGAMENTO_SCONOSCIUTO, expired →
 * _SCADUTO, invalidated → _ANNULLATO, already paid → _DUPLICATO. A demand (spontaneous payment) creates
 * a new position in the archive, numbered on the station's code (ec/demandedNotice.ts).
 */
export function archiveBackend(db: Db, registry: () => Registry, clock: Clock): EcBackend {
  return {
    async verify(call) {
      return toVerifyData(await payable(db, call));
    },
    async getPayment(call) {
      return toPaymentData(await payable(db, call));
    },
    async demand(call) {
      const n = await createDemandedNotice(db, registry(), clock.now(), {
        fiscalCode: call.fiscalCode,
        stationCode: call.station.stationCode,
        service: call.service,
        document: call.document,
      });
      return toDemandData(n);
    },
  };
}

export async function payable(db: Db, call: Pick<EcCall, 'fiscalCode' | 'noticeNumber'>, known?: ArchivedNotice): Promise<ArchivedNotice> {
  const found = known ?? (await findArchivedNotice(db.read, call.fiscalCode, call.noticeNumber));
  const paa = (code: string) => new EcFault(code, PAA_FAULT_STRINGS[code], call.fiscalCode, PAA_FAULT_STRINGS[code]);
  if (!found) throw paa('PAA_PAGAMENTO_SCONOSCIUTO');
  switch (found.position.status) {
    case 'DRAFT':
    case 'PUBLISHED':
      throw paa('PAA_PAGAMENTO_SCONOSCIUTO');
    case 'EXPIRED':
      throw paa('PAA_PAGAMENTO_SCADUTO');
    case 'INVALID':
      throw paa('PAA_PAGAMENTO_ANNULLATO');
    case 'PAID':
    case 'REPORTED':
      throw paa('PAA_PAGAMENTO_DUPLICATO');
    case 'PARTIALLY_PAID':
      // once an installment is paid, the single payment of the same position is no longer due
      if (!found.option.is_partial_payment) throw paa('PAA_PAGAMENTO_DUPLICATO');
  }
  if (found.option.status !== 'PO_UNPAID') throw paa('PAA_PAGAMENTO_DUPLICATO');
  return found;
}

export function toVerifyData(n: ArchivedNotice): VerifyData {
  return {
    amountCents: Number(n.option.amount_cents),
    options: 'EQ',
    dueDate: n.option.due_date,
    detailDescription: n.option.description,
    allCCP: false,
    paymentDescription: n.option.description,
    fiscalCodePA: n.option.organization_fiscal_code,
    companyName: n.position.company_name,
    ...(n.position.office_name ? { officeName: n.position.office_name } : {}),
    debtorId: n.position.debtor_fiscal_code,
  };
}

export function toPaymentData(n: ArchivedNotice): PaymentData {
  return {
    creditorReferenceId: n.option.iuv,
    paymentAmountCents: Number(n.option.amount_cents),
    dueDate: n.option.due_date,
    description: n.option.description,
    companyName: n.position.company_name,
    ...(n.position.office_name ? { officeName: n.position.office_name } : {}),
    debtor: debtorFromRow(n.position),
    transfers: n.transfers.map(transferFromRow),
    ...(n.option.metadata_json ? { metadata: JSON.parse(n.option.metadata_json) } : {}),
  };
}
