import express from 'express';
import type { AppDeps } from '../app';
import { STATION_OPERATIONS } from '../ec/stationJournal';
import { MOCK_PRIMITIVES } from '../mockEc/overrides';
import { PAA_FAULT_STRINGS } from '../nodo/faults';
import { JOBS } from '../nodo/jobs';
import { PRIMITIVES } from '../nodo/primitives';
import { dashboardText, type DashboardText } from './dashboardText';
import { esc, otherLangHref, pickLang, sendPage, type Lang } from './html';

/** The tabs, in order; web/dashboard.js routes on `#<tab>` and `#<tab>/<id>`. */
const TABS = ['home', 'registry', 'notices', 'payments', 'receipts', 'journal', 'carts', 'reporting', 'mockEc', 'operator'] as const;
/** web/ scripts, in order: the parts in their own files register themselves before dashboard.js routes */
const SCRIPTS = ['xmlView.js', 'homeTab.js', 'mockEcTab.js', 'dashboard.js'];

/**
 * GET /: the operator dashboard. The server renders only the shell (heading, search box, tabs) in the
 * page's language; web/dashboard.js fills it from the same /admin REST API tests and tools use, so the
 * dashboard can show nothing the API does not. The CSP allows no inline script: the words and the lists
 * the script needs travel in a JSON block it reads, never executes.
 */
export function dashboardRouter(_deps: AppDeps): express.Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const lang = pickLang(req, res);
    const t = dashboardText(lang);
    sendPage(res, 200, {
      lang,
      title: t.title,
      body: shell(t) + config(lang, t),
      langHref: otherLangHref(req, lang),
      wide: true,
      scripts: SCRIPTS.map((s) => `<script src="/assets/${s}"></script>`).join('\n'),
    });
  });
  return r;
}

function shell(t: DashboardText): string {
  return `<div class="dash-head">
<div><h1>${esc(t.title)}</h1><p class="muted small">${esc(t.intro)}</p></div>
<form id="search" class="dash-search" role="search">
<label for="q">${esc(t.searchLabel)}</label>
<div class="dash-search-row"><input type="search" id="q" name="q" autocomplete="off" placeholder="${esc(t.searchPlaceholder)}"><button type="submit" class="primary">${esc(t.search)}</button></div>
</form>
</div>
<div id="flash" role="status" aria-live="polite"></div>
<nav class="tabs" id="tabs">${TABS.map((id) => `<a href="#${id}" data-tab="${id}">${esc(t.tabs[id])}</a>`).join('')}</nav>
<section id="view"><noscript><div class="alert warn">${esc(t.noScript)}</div></noscript></section>`;
}

/** The script's words and choices. `<` is escaped so no value can close the <script> element early. */
function config(lang: Lang, t: DashboardText): string {
  const data = {
    lang,
    t,
    tabs: TABS,
    jobs: Object.keys(JOBS),
    operations: [...Object.keys(PRIMITIVES), ...STATION_OPERATIONS],
    // the Mock EC tab's choices: what POST /mock-ec/v1/response/{primitive} takes, the EC fault codes
    mockPrimitives: MOCK_PRIMITIVES,
    paaFaults: Object.keys(PAA_FAULT_STRINGS),
  };
  return `\n<script type="application/json" id="i18n">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
}
