import { stampSchema } from '../soap/stampSchema';
import type { Logger } from '../log';
import { NodoFault } from './faults';
import type { OutcomeDetails, PaymentData } from './types';

/**
 * The digital stamps a PSP issues for a payment's stamp transfers and returns in sendPaymentOutcomeV2
 * (details.marcheDaBollo, spec §3.5, §8.8). Two checks, at two places in the outcome:
 *   - syntax: each MBDAttachment is the base64 of a stamp document valid against xsd/MarcaDaBollo.xsd,
 *     else PPT_SINTASSI_XSD "Errore validazione marca da bollo" (TEST MBD sendPaymentOutcomeV2_MBDSyntaxCheck);
 *     text that is not base64 at all breaks the request's own XSD: PPT_SINTASSI_EXTRAXSD.
 *     Syntax of an embedded document is syntax (spec §6.2: PPT_SINTASSI_XSD is the code for base64
 *     payloads), so it runs first, right after the XSD gate, before the registry and token checks; and,
 *     like every syntax KO, it is never stored for idempotency (§8.6).
 *   - semantics: each stamp names one of the request's tokens and a stamp transfer of that token's
 *     payment, at most once, else PPT_SEMANTICA "Check marca da bollo" (spec §6.3, §8.8). It needs the
 *     tokens, so it runs after they are found (an unknown token stays PPT_TOKEN_SCONOSCIUTO).
 */
export type IssuedStamp = NonNullable<OutcomeDetails['marcheDaBollo']>[number];

const STAMP_SYNTAX = 'Errore validazione marca da bollo';
const STAMP_SEMANTICS = 'Check marca da bollo';

// The lexical space of xs:base64Binary once whitespace is collapsed (XML Schema 1.0, 3.2.16): padding only
// at the end, and the bits after the last full byte zero.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{3}[A-Za-z0-9+/]|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?$/;

export async function checkStampSyntax(stamps: readonly IssuedStamp[] | undefined, log: Logger): Promise<void> {
  if (!stamps?.length) return;
  const schema = await stampSchema();
  for (const [i, s] of stamps.entries()) {
    const text = s.MBDAttachment.replace(/\s+/g, '');
    // Not base64 at all is a violation of the request's own XSD (PPT_SINTASSI_EXTRAXSD, as the node's XSD
    // validation answers). The XSD gate should have said so, but libxml2 skips characters outside the base64
    // alphabet instead of refusing them ('AAAA!' passes it), so it is said here, in the gate's words.
    if (!BASE64.test(text)) {
      const shown = s.MBDAttachment.length > 100 ? `${s.MBDAttachment.slice(0, 100)}...` : s.MBDAttachment;
      throw new NodoFault('PPT_SINTASSI_EXTRAXSD', `Element 'MBDAttachment': '${shown}' is not a valid value of the atomic type 'xs:base64Binary'.`);
    }
    const problem = schema.check(Buffer.from(text, 'base64'));
    if (problem) {
      // the node's description is fixed; the reason goes to the log, for whoever debugs the PSP
      log.info('stamp refused', { marcaDaBollo: i + 1, paymentToken: s.paymentToken, idTransfer: s.idTransfer, problem });
      throw new NodoFault('PPT_SINTASSI_XSD', STAMP_SYNTAX);
    }
  }
}

/** Every stamp names one of the request's tokens, each (token, idTransfer) once. */
export function checkStampTokens(stamps: readonly IssuedStamp[] | undefined, tokens: readonly string[]): void {
  const seen = new Set<string>();
  for (const s of stamps ?? []) {
    const key = `${s.paymentToken}/${s.idTransfer}`;
    if (!tokens.includes(s.paymentToken) || seen.has(key)) throw new NodoFault('PPT_SEMANTICA', STAMP_SEMANTICS);
    seen.add(key);
  }
}

/** Every stamp is for a transfer of its token's payment that asked for one (richiestaMarcaDaBollo). */
export function checkStampTransfers(stamps: readonly IssuedStamp[] | undefined, paymentOf: (token: string) => PaymentData | undefined): void {
  for (const s of stamps ?? []) {
    const transfer = paymentOf(s.paymentToken)?.transfers.find((t) => t.idTransfer === s.idTransfer);
    if (!transfer?.richiestaMarcaDaBollo) throw new NodoFault('PPT_SEMANTICA', STAMP_SEMANTICS);
  }
}
