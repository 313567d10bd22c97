import express, { type Request, type Response } from 'express';
import type { NodoContext } from '../nodo/context';
import { formatEuro } from '../nodo/money';
import { runCartAction, type ActionResult } from '../checkout/cartActions';
import { checkoutPath, isCartId, resolveCart, type ResolvedCart } from '../checkout/cartView';
import { checkPosition } from '../checkout/checkPosition';
import type { EcommercePsp } from '../checkout/ecommercePsp';
import { methodByCode, PAYMENT_METHODS } from '../checkout/methods';
import { newCart } from '../checkout/newCart';
import { cartNotices, findCart } from '../store/carts';
import type { CartAction, CartRow } from '../store/rows';
import { checkoutText, type CheckoutText } from './checkoutText';
import { CSRF_FIELD, csrfToken, csrfValid } from './csrf';
import { esc, otherLangHref, pickLang, sendPage, type Lang } from './html';
import { manualPage, validateManual } from './checkoutManualPage';

const ACTIONS: readonly CartAction[] = ['pay', 'fail', 'cancel', 'pending'];
const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,190}\.[^\s@<>"]{2,}$/;

/**
 * The checkout pages, server-rendered, no script:
 *   GET  /checkout                 manual entry: EC fiscal code + notice number (as on pagoPA's own site)
 *   POST /checkout                 verify it through the node, then make a one-notice cart of it
 *   GET  /checkout/carts/{id}      the cart: notices, total, e-mail, method, Pay / fail / Cancel / (v2) pending;
 *                                  once acted on, its outcome
 *   POST /checkout/carts/{id}      the payer's action (cartActions.ts), then 303 to the EC's return URL
 * Every form carries the CSRF token (csrf.ts); redirects go only to URLs the EC gave with its cart.
 */
export function checkoutPagesRouter(ctx: NodoContext, psp: EcommercePsp): express.Router {
  const r = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  r.get('/checkout', (req, res) => {
    const lang = pickLang(req, res);
    manualPage(req, res, lang, csrfToken(req, res), {});
  });

  r.post('/checkout', form, async (req, res, next) => {
    try {
      const lang = pickLang(req, res);
      const t = checkoutText(lang);
      if (!csrfValid(req)) return csrfPage(req, res, lang);
      const token = csrfToken(req, res);
      const fiscalCode = field(req, 'fiscalCode').trim();
      const noticeNumber = field(req, 'noticeNumber').replace(/\s+/g, '');
      const entered = { fiscalCode, noticeNumber };
      const errors = validateManual(entered, t);
      if (Object.keys(errors).length) return manualPage(req, res, lang, token, { entered, errors }, 400);
      const verified = await psp.verify(fiscalCode, noticeNumber);
      if (!verified.ok) return manualPage(req, res, lang, token, { entered, fault: verified.fault }, 422);
      if (field(req, 'action') !== 'proceed') return manualPage(req, res, lang, token, { entered, verified: verified.value });
      // the node's own state too (a notice another PSP is paying verifies fine but cannot be activated)
      const refused = await checkPosition(ctx, fiscalCode, noticeNumber);
      if (refused) return manualPage(req, res, lang, token, { entered, fault: { ...refused, faultString: refused.faultCode } }, 422);
      const v = verified.value;
      const id = await newCart(ctx, {
        version: 2,
        origin: 'manual',
        notices: [
          {
            notice_number: noticeNumber,
            fiscal_code: fiscalCode,
            amount_cents: v.amountCents,
            company_name: v.companyName.slice(0, 140),
            description: v.description.slice(0, 140),
          },
        ],
      });
      res.redirect(303, checkoutPath(id));
    } catch (err) {
      next(err);
    }
  });

  r.get('/checkout/carts/:id', async (req, res, next) => {
    try {
      const lang = pickLang(req, res);
      const loaded = await load(ctx, String(req.params.id));
      if (!loaded) return messagePage(req, res, lang, 404, 'ko', checkoutText(lang).unknownCart, checkoutText(lang).unknownCartText);
      cartPage(req, res, lang, csrfToken(req, res), loaded);
    } catch (err) {
      next(err);
    }
  });

  r.post('/checkout/carts/:id', form, async (req, res, next) => {
    try {
      const lang = pickLang(req, res);
      const t = checkoutText(lang);
      if (!csrfValid(req)) return csrfPage(req, res, lang);
      const id = String(req.params.id);
      const loaded = await load(ctx, id);
      if (!loaded) return messagePage(req, res, lang, 404, 'ko', t.unknownCart, t.unknownCartText);
      const action = field(req, 'action') as CartAction;
      const method = field(req, 'method');
      const email = field(req, 'email').trim();
      const invalid: CartError | undefined =
        !ACTIONS.includes(action) || (action === 'pending' && Number(loaded.cart.api_version) !== 2)
          ? { text: t.badAction }
          : action !== 'cancel' && !methodByCode(method)
            ? { text: t.chooseMethod }
            : email && !EMAIL.test(email)
              ? { text: t.badEmail, field: 'email' }
              : undefined;
      if (invalid) return cartPage(req, res, lang, csrfToken(req, res), loaded, { error: invalid, method, email }, 400);
      const result = await runCartAction(ctx, psp, id, { action, method, email: email || null, lang });
      afterAction(req, res, lang, result);
    } catch (err) {
      next(err);
    }
  });

  // a page, not problem JSON, and never the error itself
  r.use((err: Error & { status?: number }, req: Request, res: Response, _next: express.NextFunction) => {
    const lang = pickLang(req, res);
    const t = checkoutText(lang);
    // the client's mistake (a malformed %-escape in the path, a form body that cannot be read): not ours to log
    if (err.status !== undefined && err.status >= 400 && err.status < 500) return messagePage(req, res, lang, 400, 'ko', t.csrf, t.badRequestText);
    ctx.log.error('checkout page failed', { path: req.path, error: err.stack ?? String(err) });
    messagePage(req, res, lang, 500, 'ko', t.error, t.errorText);
  });
  return r;
}

async function load(ctx: NodoContext, id: string): Promise<ResolvedCart | undefined> {
  if (!isCartId(id)) return undefined;
  const cart = await findCart(ctx.db.read, id);
  return cart && resolveCart(ctx.db.read, cart, await cartNotices(ctx.db.read, id), ctx.clock.now().getTime());
}

const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

/** Where the browser goes once the cart has its final state: the EC's URL for it, or our own result page. */
function returnUrlOf(cart: CartRow): string | null {
  // a cart the node refused shows the node's answer first (the page links on to returnErrorUrl)
  if (cart.fault_code !== null) return null;
  switch (cart.status) {
    case 'PAID':
      return cart.return_ok_url;
    case 'FAILED':
      return cart.return_error_url;
    case 'CANCELLED':
      return cart.return_cancel_url;
    case 'PENDING':
      return cart.return_waiting_url;
    default:
      return null;
  }
}

function afterAction(req: Request, res: Response, lang: Lang, result: ActionResult): void {
  const t = checkoutText(lang);
  if (result.kind === 'unknown' || !result.cart) return messagePage(req, res, lang, 404, 'ko', t.unknownCart, t.unknownCartText);
  if (result.kind === 'expired') return expiredPage(req, res, lang, result.cart);
  // done by us or by the other click: the same destination either way
  res.redirect(303, returnUrlOf(result.cart) ?? checkoutPath(result.cart.id));
}

/** A refused action: what to say, and the field it is about (shown there, the field marked invalid). */
interface CartError {
  text: string;
  field?: 'email';
}

/** The payer's last post, shown again with its error: the method and e-mail they chose stay chosen. */
interface CartRetry {
  error: CartError;
  method: string;
  email: string;
}

/** The script that makes the Pay button follow the method and shows times in local time (web/checkout.js). */
const CART_SCRIPT = '<script src="/assets/checkout.js" defer></script>';

function cartPage(req: Request, res: Response, lang: Lang, token: string, resolved: ResolvedCart, retry?: CartRetry, status = 200): void {
  const t = checkoutText(lang);
  const { cart, notices, state } = resolved;
  // an OPEN cart nobody paid in time; a PENDING one whose tokens expired shows its outcome instead
  if (state === 'EXPIRED' && cart.status === 'OPEN') return expiredPage(req, res, lang, cart);
  if (state === 'PROCESSING') {
    return sendPage(res.set('Refresh', '1'), 200, {
      lang,
      title: t.processing,
      langHref: otherLangHref(req, lang),
      body: `<h1>${esc(t.processing)}</h1><div class="alert warn" role="status">${esc(t.processingText)}</div>`,
    });
  }
  if (state !== 'OPEN') return resultPage(req, res, lang, resolved);
  const total = notices.reduce((s, n) => s + Number(n.amount_cents), 0);
  const chosen = methodByCode(retry?.method) ?? PAYMENT_METHODS[0];
  // each method carries what the page shows once it is chosen: without script, the default method's
  const withFee = (m: (typeof PAYMENT_METHODS)[number]) => ({
    pay: `${t.pay} ${formatEuro(total + m.feeCents, lang)}`,
    fee: formatEuro(m.feeCents, lang),
    feeLabel: t.feeOf(m[lang]),
    total: formatEuro(total + m.feeCents, lang),
  });
  const methods = PAYMENT_METHODS.map((m) => {
    const w = withFee(m);
    return `<label><input type="radio" name="method" value="${m.code}"${m === chosen ? ' checked' : ''} required data-pay="${esc(w.pay)}" data-fee="${esc(w.fee)}" data-fee-label="${esc(w.feeLabel)}" data-total="${esc(w.total)}"><span>${esc(m[lang])}<br><span class="muted small">+ ${esc(w.fee)} ${esc(t.fee)}</span></span></label>`;
  }).join('');
  const now = withFee(chosen);
  const expires = new Date(Number(cart.expires_at));
  const emailError = retry?.error.field === 'email' ? retry.error : undefined;
  const body = `
<h1>${esc(t.cartTitle)}</h1>
${retry && !emailError ? `<div class="alert ko" role="alert">${esc(retry.error.text)}</div>` : ''}
<section class="card" aria-label="${esc(t.cartTitle)}">
${noticesHtml(t, lang, notices, false)}
<div class="total"><span>${esc(t.total)}</span><span data-testid="total">${esc(formatEuro(total, lang))}</span></div>
<div class="fee-line"><span data-testid="fee-label">${esc(now.feeLabel)}</span><span data-testid="fee">${esc(now.fee)}</span></div>
<div class="fee-line with-fee"><span>${esc(t.payWithFee)}</span><span data-testid="total-with-fee">${esc(now.total)}</span></div>
<p class="muted small">${esc(t.feeNote)} ${/* the sentence is ours (checkoutText), the time in it markup */ t.expiresAt(`<time data-local datetime="${esc(expires.toISOString())}" data-testid="expires">${esc(expires.toISOString().slice(11, 16))} ${esc(t.utc)}</time>`)}</p>
</section>
<form method="post" action="${esc(checkoutPath(cart.id))}">
<input type="hidden" name="${CSRF_FIELD}" value="${esc(token)}">
<label for="email">${esc(t.email)}</label>
<input id="email" name="email" type="email" autocomplete="email" maxlength="255" value="${esc(retry?.email ?? cart.payer_email ?? cart.email_notice ?? '')}" aria-describedby="${emailError ? 'email-error ' : ''}email-hint"${emailError ? ' aria-invalid="true"' : ''}>
${emailError ? `<p class="field-error" id="email-error" role="alert">${esc(emailError.text)}</p>` : ''}
<p class="muted small" id="email-hint">${esc(t.emailHint)}</p>
<fieldset><legend>${esc(t.method)}</legend><div class="methods">${methods}</div></fieldset>
<div class="actions">
<button class="primary" name="action" value="pay">${esc(now.pay)}</button>
<button class="danger" name="action" value="fail">${esc(t.fail)}</button>
${Number(cart.api_version) === 2 ? `<button name="action" value="pending">${esc(t.pending)}</button>` : ''}
<button name="action" value="cancel" formnovalidate>${esc(t.cancel)}</button>
</div>
</form>
<p class="alert small">${esc(t.simulated)}</p>`;
  sendPage(res, status, { lang, title: t.cartTitle, langHref: otherLangHref(req, lang), body, scripts: CART_SCRIPT });
}

function noticesHtml(t: CheckoutText, lang: Lang, notices: ResolvedCart['notices'], withOutcome: boolean): string {
  return notices
    .map(
      (n) => `<div class="notice" data-notice="${esc(n.notice_number)}"><div class="what"><div class="who">${esc(n.company_name)}</div><div>${esc(n.description)}</div>
<div class="muted small">${esc(t.noticeCode)} <span class="mono">${esc(n.notice_number)}</span> · ${esc(t.ecFiscalCode)} <span class="mono">${esc(n.fiscal_code)}</span></div>
${withOutcome ? `<div class="small">${esc(t.status)}: <span class="badge ${esc(n.state)}" data-testid="notice-status">${esc(t.outcomeOf[n.state])}</span>${n.payment_token ? ` · ${esc(t.transaction)} <span class="mono">${esc(n.payment_token)}</span>` : ''}</div>` : ''}
${n.fault_code ? `<div class="small"><span class="mono">${esc(n.fault_code)}</span>: ${esc(n.fault_description)}</div>` : ''}${withOutcome ? evidenceHtml(t, n) : ''}</div>
<div class="amount">${esc(formatEuro(Number((withOutcome ? n.node_amount_cents : null) ?? n.amount_cents), lang))}</div></div>`,
    )
    .join('\n');
}

/**
 * Where a developer finds what the node did for one notice: the payment's timeline in the dashboard, and
 * the journal export of its exchanges (that attempt's, when it got a token). Nothing for a notice that
 * never reached the node (a cancelled cart).
 */
function evidenceHtml(t: CheckoutText, n: ResolvedCart['notices'][number]): string {
  if (!n.payment_token && !n.fault_code) return '';
  const q = new URLSearchParams({ noticeNumber: n.notice_number, ...(n.payment_token ? { token: n.payment_token } : {}) });
  const exportUrl = `/admin/journal/export?${q}`;
  const links = [
    n.payment_token ? `<a href="/#payments/${esc(encodeURIComponent(n.payment_token))}" data-testid="timeline">${esc(t.timeline)}</a>` : '',
    `<a href="${esc(exportUrl)}" data-testid="journal-xml" download>${esc(t.journalXml)}</a>`,
    `<a href="${esc(`${exportUrl}&format=zip`)}" data-testid="journal-zip" download>${esc(t.journalZip)}</a>`,
  ].filter(Boolean);
  return `<div class="small evidence">${esc(t.evidence)}: ${links.join(' · ')}</div>`;
}

/** A paid cart's money: the notices, the fee of the method the payer chose, and what they paid in all. */
function paidTotalHtml(t: CheckoutText, lang: Lang, cart: CartRow, notices: ResolvedCart['notices']): string {
  const method = methodByCode(cart.payment_method);
  if (!method) return '';
  const total = notices.reduce((s, n) => s + Number(n.node_amount_cents ?? n.amount_cents), 0);
  return `<div class="total"><span>${esc(t.total)}</span><span data-testid="total">${esc(formatEuro(total, lang))}</span></div>
<div class="fee-line"><span>${esc(t.feeOf(method[lang]))}</span><span data-testid="fee">${esc(formatEuro(method.feeCents, lang))}</span></div>
<div class="fee-line with-fee"><span>${esc(t.paidTotal)}</span><span data-testid="paid-total">${esc(formatEuro(total + method.feeCents, lang))}</span></div>`;
}

function resultPage(req: Request, res: Response, lang: Lang, { cart, notices, state }: ResolvedCart): void {
  const t = checkoutText(lang);
  const [kind, title, text] =
    cart.fault_code !== null
      ? (['ko', t.refused, t.refusedText] as const)
      : state === 'PAID'
        ? (['ok', t.paid, t.paidText] as const)
        : state === 'FAILED'
          ? (['ko', t.failed, t.failedText] as const)
          : state === 'CANCELLED'
            ? (['warn', t.cancelled, t.cancelledText] as const)
            : state === 'EXPIRED'
              ? (['ko', t.pendingExpired, t.pendingExpiredText] as const)
              : (['warn', t.pendingTitle, t.pendingText] as const);
  const back = cart.fault_code !== null ? cart.return_error_url : returnUrlOf(cart);
  const body = `
<h1>${esc(title)}</h1>
<div class="alert ${kind}" role="status" data-testid="outcome" data-status="${esc(state)}">${esc(text)}${cart.fault_code !== null ? `<p><span class="mono">${esc(cart.fault_code)}</span>: ${esc(cart.fault_description)}</p>` : ''}</div>
<section class="card">${noticesHtml(t, lang, notices, true)}${state === 'PAID' ? paidTotalHtml(t, lang, cart, notices) : ''}</section>
<div class="actions">${back ? `<a class="button primary" href="${esc(back)}">${esc(t.backToEc)}</a>` : ''}${cart.origin !== 'api' ? `<a class="button" href="/checkout">${esc(t.another)}</a>` : ''}</div>`;
  sendPage(res, 200, { lang, title, langHref: otherLangHref(req, lang), body });
}

function expiredPage(req: Request, res: Response, lang: Lang, cart: CartRow): void {
  const t = checkoutText(lang);
  const back = cart.return_error_url;
  const body = `<h1>${esc(t.expired)}</h1><div class="alert warn" role="status" data-testid="outcome" data-status="EXPIRED">${esc(t.expiredText)}</div>
<div class="actions">${back ? `<a class="button primary" href="${esc(back)}">${esc(t.backToEc)}</a>` : `<a class="button" href="/checkout">${esc(t.another)}</a>`}</div>`;
  sendPage(res, 410, { lang, title: t.expired, langHref: otherLangHref(req, lang), body });
}

function messagePage(req: Request, res: Response, lang: Lang, status: number, kind: 'ok' | 'ko' | 'warn', title: string, text: string): void {
  sendPage(res, status, { lang, title, langHref: otherLangHref(req, lang), body: `<h1>${esc(title)}</h1><div class="alert ${kind}" role="alert">${esc(text)}</div>` });
}

function csrfPage(req: Request, res: Response, lang: Lang): void {
  const t = checkoutText(lang);
  messagePage(req, res, lang, 403, 'ko', t.csrf, t.csrfText);
}
