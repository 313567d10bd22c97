import type { Clock } from '../clock';
import type { Registry } from '../nodo/registry';
import type { Db } from '../store/db';
import { type ArchivedNotice, findArchivedNotice, insertPosition } from '../store/archive';
import { PLACEHOLDER_DEBTOR } from '../store/pull';
import { EcFault, PAA_FAULT_STRINGS } from '../nodo/faults';
import type { EcBackend, EcCall } from './backend';
import { payable, toPaymentData, toVerifyData } from './archive';
import { freshNoticeNumber, noticeCodeOf, toDemandData } from './demandedNotice';

const DEFAULT_AMOUNT_CENTS = 1000;

/**
 * Every well-formed notice number of the station's EC is payable: on first sight the notice is written
 * to the archive (amount from the station, 10.00 by default; one transfer to the EC's first IBAN), so
 * later calls, and a later payment, see the same notice. Used by load tests and by suites that invent
 * notice numbers, as pagoPA's own BDD suite does ("30211" + 13 random digits). A demand answers with a
 * notice of its own invention on the station's code, which it then accepts like any other.
 */
export function syntheticBackend(db: Db, registry: () => Registry, clock: Clock): EcBackend {
  const ensure = async (call: EcCall) => {
    const known = await findArchivedNotice(db.read, call.fiscalCode, call.noticeNumber);
    if (known) return payable(db, call, known);
    {
      const reg = registry();
      const station = call.ec.station;
      const amount = station.backend.amount ? Math.round(Number(station.backend.amount) * 100) : DEFAULT_AMOUNT_CENTS;
      const iban = reg.firstIban(call.fiscalCode) ?? 'IT00A0000000000000000000000';
      const now = clock.now();
      const dueDate = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
      let inserted: ArchivedNotice | undefined;
      try {
        [inserted] = await db.tx((trx) =>
          insertPosition(
            trx,
            {
              organizationFiscalCode: call.fiscalCode,
              iupd: `SYNTH_${call.fiscalCode}_${call.noticeNumber}`,
              debtor: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: PLACEHOLDER_DEBTOR, fullName: 'Pagatore sintetico' },
              companyName: call.ec.ec.businessName,
              officeName: call.ec.ec.officeName,
              status: 'VALID',
              options: [
                {
                  noticeNumber: call.noticeNumber,
                  iuv: call.ec.iuv,
                  amountCents: amount,
                  description: `Avviso sintetico ${call.noticeNumber}`,
                  dueDate,
                  isPartialPayment: false,
                  transfers: [
                    {
                      idTransfer: 1,
                      transferAmountCents: amount,
                      fiscalCodePA: call.fiscalCode,
                      companyName: call.ec.ec.businessName,
                      IBAN: iban,
                      remittanceInformation: `Avviso sintetico ${call.noticeNumber}`,
                      transferCategory: '9/0101100IM/',
                    },
                  ],
                },
              ],
            },
            now.getTime(),
          ),
        );
      } catch (err) {
        // Another request (or process) archived it first: the unique key on the notice decides.
        if (!(await findArchivedNotice(db.read, call.fiscalCode, call.noticeNumber))) throw err;
      }
      // the rows just committed, as a lookup would read them (no second statement); else the winner's
      return payable(db, call, inserted);
    }
  };
  return {
    async verify(call) {
      return toVerifyData(await ensure(call));
    },
    async getPayment(call) {
      return toPaymentData(await ensure(call));
    },
    // a spontaneous payment: a fresh notice number on the station's code, archived as a first verify would
    async demand(call) {
      const reg = registry();
      const code = noticeCodeOf(reg, call.fiscalCode, call.station.stationCode);
      if (!code) {
        const description = `station ${call.station.stationCode} has no segregation or application code for ${call.fiscalCode}: no notice number can be issued on it`;
        throw new EcFault('PAA_STAZIONE_INT_ERRATA', PAA_FAULT_STRINGS.PAA_STAZIONE_INT_ERRATA!, call.fiscalCode, description);
      }
      let noticeNumber = freshNoticeNumber(code);
      while (await findArchivedNotice(db.read, call.fiscalCode, noticeNumber)) noticeNumber = freshNoticeNumber(code);
      // the registry's own routing of the new number (it is this station's: the code says so)
      const ec = reg.checkEc(call.fiscalCode, noticeNumber);
      return toDemandData(await ensure({ ec, fiscalCode: call.fiscalCode, noticeNumber }));
    },
  };
}
