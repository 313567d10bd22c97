import { randomInt } from 'node:crypto';
import { EcFault, PAA_FAULT_STRINGS } from '../nodo/faults';
import { buildNoticeNumber, parseNoticeNumber } from '../nodo/noticeNumber';
import type { Registry } from '../nodo/registry';
import type { Service } from '../nodo/registryModel';
import type { DemandData } from '../nodo/types';
import type { ServiceDocument } from '../soap/serviceData';
import { findArchivedNotice, insertPosition, type ArchivedNotice } from '../store/archive';
import type { Db } from '../store/db';
import { toVerifyData } from './archive';
import { debtorOf, subjectLabel, tariffOf } from './serviceTariffs';

/**
 * A spontaneous payment's notice, created as a GPD-hosted EC creates it when paDemandPaymentNotice
 * arrives: one new debt position in the archive, built from the catalogue service and the specific data.
 * The one function behind both the node's archive backend and the built-in mock EC, so a notice demanded
 * of either is then verified, activated and receipted through its station like any other.
 */
export interface DemandedNoticeRequest {
  /** idPA: the EC that issues the notice */
  fiscalCode: string;
  /** idStation: the notice is numbered on this station's code for the EC, so it routes back to it */
  stationCode: string;
  service: Service;
  document: ServiceDocument;
}

// a demanded notice stays payable this long (GPD dueDate); spontaneous payments are paid at once
const DUE_DAYS = 30;
const MAX_TEXT = 140;

export async function createDemandedNotice(db: Db, registry: Registry, now: Date, r: DemandedNoticeRequest): Promise<ArchivedNotice> {
  const paa = (code: string, description: string) => new EcFault(code, PAA_FAULT_STRINGS[code]!, r.fiscalCode, description);
  const ec = registry.creditorInstitution(r.fiscalCode);
  if (!ec) throw paa('PAA_ID_DOMINIO_ERRATO', `idPA ${r.fiscalCode} is not a creditor institution of the registry`);
  const code = noticeCodeOf(registry, r.fiscalCode, r.stationCode);
  if (!code) {
    throw paa('PAA_STAZIONE_INT_ERRATA', `station ${r.stationCode} has no segregation or application code for ${r.fiscalCode}: no notice number can be issued on it`);
  }
  const iban = registry.firstIban(r.fiscalCode);
  if (!iban) throw paa('PAA_SYSTEM_ERROR', `no IBAN is registered for ${r.fiscalCode}: the notice would have nowhere to pay`);
  const tariff = tariffOf(r.document);
  const debtor = debtorOf(r.document);
  const description = `${r.service.description} - ${subjectLabel(r.document, debtor)}`.slice(0, MAX_TEXT);
  const dueDate = new Date(now.getTime() + DUE_DAYS * 86_400_000).toISOString().slice(0, 10);
  for (let attempt = 0; ; attempt++) {
    const noticeNumber = freshNoticeNumber(code);
    try {
      await db.tx((trx) =>
        insertPosition(
          trx,
          {
            organizationFiscalCode: r.fiscalCode,
            iupd: `SPONT-${r.service.idServizio}-${noticeNumber}`,
            debtor,
            companyName: ec.businessName,
            ...(ec.officeName ? { officeName: ec.officeName } : {}),
            status: 'VALID',
            options: [
              {
                noticeNumber,
                iuv: parseNoticeNumber(noticeNumber).iuv,
                amountCents: tariff.amountCents,
                description,
                dueDate,
                isPartialPayment: false,
                transfers: [
                  {
                    idTransfer: 1,
                    transferAmountCents: tariff.amountCents,
                    fiscalCodePA: r.fiscalCode,
                    companyName: ec.businessName,
                    IBAN: iban,
                    remittanceInformation: description,
                    transferCategory: tariff.transferCategory,
                  },
                ],
              },
            ],
          },
          now.getTime(),
        ),
      );
    } catch (err) {
      // the random number was already taken (the unique key on the notice decides): draw another
      if (attempt < 5 && (await findArchivedNotice(db.read, r.fiscalCode, noticeNumber))) continue;
      throw err;
    }
    return (await findArchivedNotice(db.read, r.fiscalCode, noticeNumber))!;
  }
}

/** The answer to paDemandPaymentNotice for a notice in the archive: its qrCode and its option, as verify shows it. */
export function toDemandData(n: ArchivedNotice): DemandData {
  return { qrCode: { fiscalCode: n.option.organization_fiscal_code, noticeNumber: n.option.notice_number }, ...toVerifyData(n) };
}

export interface NoticeCode {
  auxDigit: 0 | 3;
  /** segregation code (aux 3) or application code (aux 0) */
  code: string;
}

/** How the EC numbers notices on a station: the association's segregation code, else its application code. */
export function noticeCodeOf(registry: Registry, fiscalCode: string, stationCode: string): NoticeCode | undefined {
  const mine = registry.doc.stationCreditorInstitutions.filter((a) => a.creditorInstitutionCode === fiscalCode && a.stationCode === stationCode);
  const seg = mine.find((a) => a.segregationCode !== undefined && (a.auxDigit === undefined || a.auxDigit === 3));
  if (seg) return { auxDigit: 3, code: seg.segregationCode! };
  const app = mine.find((a) => a.applicationCode !== undefined);
  return app ? { auxDigit: 0, code: app.applicationCode! } : undefined;
}

/**
 * A new notice number on that code, with its check digits. Random past a fixed first digit (8: a demanded
 * notice; the demo's start with 0, the test suites' with 5), so processes sharing a database do not
 * collide; the rare clash is retried by the caller.
 */
export function freshNoticeNumber(c: NoticeCode): string {
  const base13 = `8${String(randomInt(0, 1e12)).padStart(12, '0')}`;
  return buildNoticeNumber(c.auxDigit, c.code, base13);
}
