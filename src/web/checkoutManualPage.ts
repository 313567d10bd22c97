import type { Request, Response } from 'express';
import { formatEuro } from '../nodo/money';
import type { NodeFault } from '../checkout/ecommercePsp';
import { checkoutText, type CheckoutText } from './checkoutText';
import { CSRF_FIELD } from './csrf';
import { esc, otherLangHref, sendPage, type Lang } from './html';

export interface ManualEntry {
  fiscalCode: string;
  noticeNumber: string;
}
export type ManualField = keyof ManualEntry;
/** What is wrong with each field, in the page's language: every field at once, not the first one only. */
export type ManualErrors = Partial<Record<ManualField, string>>;

export interface ManualState {
  entered?: ManualEntry;
  errors?: ManualErrors;
  fault?: NodeFault;
  verified?: { amountCents: number; description: string; companyName: string; officeName?: string };
}

/** The form's fields, in page order: their checks and the messages for a missing or malformed value. */
const FIELDS: readonly {
  name: ManualField;
  pattern: RegExp;
  missing: 'missingFiscalCode' | 'missingNotice';
  bad: 'badFiscalCode' | 'badNotice';
  label: 'ecFiscalCode' | 'noticeCode';
  max: number;
}[] = [
  { name: 'fiscalCode', pattern: /^\d{11}$/, missing: 'missingFiscalCode', bad: 'badFiscalCode', label: 'ecFiscalCode', max: 11 },
  { name: 'noticeNumber', pattern: /^\d{18}$/, missing: 'missingNotice', bad: 'badNotice', label: 'noticeCode', max: 22 },
];

/** Checks both fields and says what is wrong with each; empty when the node can be asked. */
export function validateManual(e: ManualEntry, t: CheckoutText): ManualErrors {
  const errors: ManualErrors = {};
  for (const f of FIELDS) {
    const v = e[f.name];
    if (!f.pattern.test(v)) errors[f.name] = v === '' ? t[f.missing] : t[f.bad];
  }
  return errors;
}

/**
 * GET/POST /checkout: the fiscal code and notice number, as on pagoPA's own site. Required fields carry the
 * `required` attribute and a visible * the legend explains; a field in error carries aria-invalid and points
 * at its message (aria-describedby), which stands right under it; a summary at the top links to each one.
 */
export function manualPage(req: Request, res: Response, lang: Lang, token: string, s: ManualState, status = 200): void {
  const t = checkoutText(lang);
  const e = s.entered ?? { fiscalCode: '', noticeNumber: '' };
  const errors = s.errors ?? {};
  const wrong = FIELDS.filter((f) => errors[f.name]);
  const summary = wrong.length
    ? `<div class="alert ko" role="alert" data-testid="errors"><strong>${esc(t.errorsTitle(wrong.length))}</strong><ul>${wrong
        .map((f) => `<li><a href="#${f.name}">${esc(errors[f.name])}</a></li>`)
        .join('')}</ul></div>`
    : '';
  const fault = s.fault
    ? `<div class="alert ko" role="alert" data-testid="node-fault"><strong>${esc(t.notPayable)}</strong><p>${esc(t.notPayableText)}</p>
<dl class="facts"><dt>faultCode</dt><dd class="mono">${esc(s.fault.faultCode)}</dd><dt>description</dt><dd>${esc(s.fault.description)}</dd>
${s.fault.originalFaultCode ? `<dt>originalFaultCode</dt><dd class="mono">${esc(s.fault.originalFaultCode)}</dd><dt>originalDescription</dt><dd>${esc(s.fault.originalDescription ?? '')}</dd>` : ''}</dl></div>`
    : '';
  const verified = s.verified
    ? `<section class="card soft" data-testid="verified"><h2>${esc(t.verified)}</h2><dl class="facts">
<dt>${esc(t.creditor)}</dt><dd>${esc(s.verified.companyName)}${s.verified.officeName ? ` · ${esc(s.verified.officeName)}` : ''}</dd>
<dt>${esc(t.description)}</dt><dd>${esc(s.verified.description)}</dd>
<dt>${esc(t.amount)}</dt><dd><strong>${esc(formatEuro(s.verified.amountCents, lang))}</strong></dd></dl></section>`
    : '';
  const fields = FIELDS.map((f) => {
    const error = errors[f.name];
    const errorId = `${f.name}-error`;
    return `<div class="field${error ? ' invalid' : ''}">
<label for="${f.name}">${esc(t[f.label])} <abbr class="req" title="${esc(t.required)}">*</abbr></label>
<input id="${f.name}" name="${f.name}" type="text" inputmode="numeric" maxlength="${f.max}" autocomplete="off" value="${esc(e[f.name])}" required${error ? ` aria-invalid="true" aria-describedby="${errorId}"` : ''}>
${error ? `<p class="field-error" id="${errorId}" data-testid="${errorId}">${esc(error)}</p>` : ''}</div>`;
  }).join('\n');
  const body = `
<h1>${esc(t.manualTitle)}</h1>
<p>${esc(t.manualIntro)}</p>
${summary}${fault}${verified}
<form method="post" action="/checkout">
<input type="hidden" name="${CSRF_FIELD}" value="${esc(token)}">
<p class="muted small" data-testid="required-legend"><span class="req" aria-hidden="true">*</span> ${esc(t.requiredLegend)}</p>
${fields}
<div class="actions">${s.verified ? `<button class="primary" name="action" value="proceed">${esc(t.proceed)}</button>` : `<button class="primary" name="action" value="verify">${esc(t.verify)}</button>`}</div>
</form>`;
  sendPage(res, status, { lang, title: t.manualTitle, langHref: otherLangHref(req, lang), body });
}
