import type { Request, Response } from 'express';

/** The two languages of the pages: Italian first (pagoPA's own), English one click away. */
export type Lang = 'it' | 'en';
export const LANG_COOKIE = 'nodo_lang';

/** Text for an HTML text node or a quoted attribute. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `?lang=it|en` wins and is remembered in a cookie; then the cookie; then Italian. */
export function pickLang(req: Request, res: Response): Lang {
  const asked = req.query.lang;
  if (asked === 'it' || asked === 'en') {
    res.cookie(LANG_COOKIE, asked, { sameSite: 'lax', httpOnly: true, path: '/', maxAge: 365 * 86_400_000 });
    return asked;
  }
  const cookie = readCookie(req, LANG_COOKIE);
  return cookie === 'en' ? 'en' : 'it';
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The same URL in the other language: what the language link points at. */
export function otherLangHref(req: Request, lang: Lang): string {
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('lang', lang === 'it' ? 'en' : 'it');
  return url.pathname + url.search;
}

export interface PageOptions {
  lang: Lang;
  title: string;
  /** trusted HTML: every value in it went through esc() */
  body: string;
  langHref: string;
  /** a wider layout (the dashboard) */
  wide?: boolean;
  /** extra trusted HTML at the end of <body> (the dashboard's script tags) */
  scripts?: string;
}

/**
 * The shell of every page: one stylesheet, no script unless a page brings its own, no front-end build.
 * Strict headers: pages are never framed (clickjacking a Pay button) and load nothing from elsewhere.
 */
export function sendPage(res: Response, status: number, o: PageOptions): void {
  const other = o.lang === 'it' ? 'English' : 'Italiano';
  // the product's name stays; the word that says what it is follows the page's language
  const emulator = o.lang === 'it' ? 'emulatore' : 'emulator';
  res.status(status).set({
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy':
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'",
    'X-Frame-Options': 'DENY',
    // not no-referrer: with it a browser sends "Origin: null" on our own form posts, which the CSRF check refuses
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  }).send(`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} · pagoPA ${emulator}</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="data:,">
</head>
<body>
<header class="top"><div class="bar${o.wide ? ' wide' : ''}"><a class="brand" href="/">pago<b>PA</b> <span>${emulator}</span></a>
<a class="lang" hreflang="${o.lang === 'it' ? 'en' : 'it'}" href="${esc(o.langHref)}">${other}</a></div></header>
<main class="${o.wide ? 'wide' : 'narrow'}">
${o.body}
</main>
<footer class="${o.wide ? 'wide' : 'narrow'}">pagopa-node-emulator · ${o.lang === 'it' ? 'ambiente locale di prova: nessun pagamento reale' : 'local test environment: no real money moves'}</footer>
${o.scripts ?? ''}
</body>
</html>`);
}
