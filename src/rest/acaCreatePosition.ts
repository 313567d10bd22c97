import express from 'express';
import type { NodoContext } from '../nodo/context';
import { insertPosition, type NewPosition } from '../store/archive';
import { EDITABLE_STATUSES, findPosition, noticeInPayment, refreshTimedStatuses, replacePosition, setPositionStatus, takenNotice, type StoredPosition } from '../store/positions';
import { checkNav, fail, inPaymentConflict, jsonBody, relayable, route, validBody } from './acaHttp';
import { validateNewDebtPosition, type NewDebtPositionRequest } from './acaSchemas';
import { authorizeEc } from './ecAuth';
import { dayOf, endOfDay } from './gpdMapping';

/** The transfer category ACA gives its single transfer (pagopa-aca-service AcaUtils). */
export const ACA_CATEGORY = 'STAND-IN';

/**
 * `POST /aca/v1/paCreatePosition` (paCreatePosition.json, spec §9.3), pagopa-aca-service's one endpoint
 * for ECs with a synchronous integration: no position → create it VALID (payable at once); a position in
 * DRAFT/PUBLISHED/VALID → replace it, or invalidate it when `amount` is 0; any other state → 409.
 * Creating with `amount` 0 is a 400: there is nothing to invalidate.
 */
export function acaCreatePositionRouter(ctx: NodoContext): express.Router {
  const r = express.Router();
  r.post(
    '/aca/v1/paCreatePosition',
    jsonBody,
    route(async (req, res) => {
      const body = validBody<NewDebtPositionRequest>(req, validateNewDebtPosition);
      // the EC is in the body: the key is checked once the body is known to be readable
      if (!authorizeEc(ctx, req, res, body.paFiscalCode)) return;
      const ec = ctx.registry().creditorInstitution(body.paFiscalCode);
      if (!ec) throw fail('not-found', `No creditor institution found with code ${body.paFiscalCode}`);
      const iupd = `ACA_${body.paFiscalCode}_${body.iuv}`;
      const nav = body.nav ?? `3${body.iuv}`;
      relayable('entityFullName', body.entityFullName, 70);
      relayable('description', body.description, 140);
      relayable('iuv', body.iuv, 35);
      checkNav('', nav);
      const at = ctx.clock.now().getTime();
      const tree = await ctx.db.tx(async (q) => {
        await refreshTimedStatuses(q, at, new Date(at).toISOString().slice(0, 10), body.paFiscalCode);
        const old = await findPosition(q, body.paFiscalCode, iupd);
        if (old && old.position.service_type !== 'ACA') {
          throw fail('aca-unauthorized-action', `Unauthorized action on debt position ${iupd}: it was created through GPD, not ACA`);
        }
        if (old && !EDITABLE_STATUSES.includes(old.position.status)) {
          throw fail('aca-unauthorized-action', `Unauthorized action on debt position with iuv ${body.iuv}: it is ${old.position.status}`);
        }
        const paying = old && (await noticeInPayment(q, Number(old.position.id)));
        if (paying) throw inPaymentConflict(iupd, paying);
        if (body.amount === 0) {
          if (!old) throw fail('bad-body', `amount 0 invalidates a debt position, but there is none with iuv ${body.iuv} for creditor institution ${body.paFiscalCode}`);
          await setPositionStatus(q, old.position.id, 'INVALID', at);
        } else {
          const iban = body.iban ?? ctx.registry().firstIban(body.paFiscalCode);
          if (!iban) throw fail('aca-unprocessable', `creditor institution ${body.paFiscalCode} has no registered IBAN: send one in iban`);
          if (await takenNotice(q, body.paFiscalCode, [nav], old ? Number(old.position.id) : undefined)) {
            throw fail('conflict', `nav ${nav} already used by another debt position of creditor institution ${body.paFiscalCode}`);
          }
          const position: NewPosition = {
            organizationFiscalCode: body.paFiscalCode,
            iupd,
            debtor: { entityUniqueIdentifierType: body.entityType, entityUniqueIdentifierValue: body.entityFiscalCode, fullName: body.entityFullName },
            companyName: ec.businessName,
            ...(ec.officeName ? { officeName: ec.officeName } : {}),
            status: 'VALID',
            payStandIn: body.payStandIn,
            serviceType: 'ACA',
            switchToExpired: body.switchToExpired,
            validityDate: at,
            publishDate: at,
            options: [
              {
                noticeNumber: nav,
                iuv: body.iuv,
                amountCents: body.amount,
                description: body.description,
                dueDate: dayOf(body.expirationDate),
                isPartialPayment: false,
                transfers: [
                  {
                    idTransfer: 1,
                    transferAmountCents: body.amount,
                    fiscalCodePA: body.paFiscalCode,
                    companyName: ec.businessName,
                    IBAN: iban,
                    ...(body.postalIban ? { postalIban: body.postalIban } : {}),
                    remittanceInformation: body.description,
                    transferCategory: ACA_CATEGORY,
                  },
                ],
              },
            ],
          };
          if (old) await replacePosition(q, old.position, position, at);
          else await insertPosition(q, position, at);
        }
        return (await findPosition(q, body.paFiscalCode, iupd))!;
      });
      res.json(debtPositionResponse(tree));
    }),
  );
  return r;
}

/** DebtPositionResponse from the stored position (after an invalidation: its last amount, status INVALID). */
function debtPositionResponse(tree: StoredPosition) {
  const p = tree.position;
  const o = tree.options[0]!.option;
  const t = tree.options[0]!.transfers[0];
  return {
    paFiscalCode: p.organization_fiscal_code,
    companyName: p.company_name,
    entityType: p.debtor_type,
    entityFiscalCode: p.debtor_fiscal_code,
    entityFullName: p.debtor_full_name,
    iuv: o.iuv,
    nav: o.notice_number,
    amount: Number(o.amount_cents),
    description: o.description,
    expirationDate: endOfDay(o.due_date),
    ...(t?.iban ? { iban: t.iban } : {}),
    ...(t?.postal_iban ? { postalIban: t.postal_iban } : {}),
    switchToExpired: Boolean(Number(p.switch_to_expired)),
    status: p.status,
  };
}
