/*
 * The operator dashboard (GET /): plain browser JavaScript, no build step, no framework. Everything it
 * shows comes from the /admin REST API (fetch, JSON); its words come from the page's JSON block
 * (src/web/dashboardText.ts). It builds the DOM node by node, never from HTML strings, so no value read
 * from the API can become markup. Served as is, no build: the lists are data (a table of filters and
 * columns each) read by one generic renderer. Two parts live in their own files, loaded before this one:
 * web/xmlView.js (inline XML) and web/mockEcTab.js (the Mock EC tab); they get this file's helpers as `lib`.
 *
 * Routes: #<tab> and #<tab>/<id> (a token on #payments, a notice id on #notices, a receipt id on #receipts,
 * a journal entry on #journal). The view on screen re-fetches itself every few seconds (see "auto-refresh").
 */
(function () {
  'use strict';

  const cfg = JSON.parse(document.getElementById('i18n').textContent);
  const t = cfg.t;
  const locale = cfg.lang === 'en' ? 'en-GB' : 'it-IT';
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const view = document.getElementById('view');
  const flash = document.getElementById('flash');
  const langLink = document.querySelector('a.lang');
  const langBase = langLink ? langLink.getAttribute('href') : '';
  // the parts in their own files (xmlView.js, mockEcTab.js), registered before this script runs
  const ext = window.NodoDashboard || { tabs: {} };

  const TOKEN_STATUSES = ['PAYING', 'PAID', 'NOTIFIED', 'FAILED', 'CANCELLED'];
  const NOTICE_STATUSES = ['INSERTED', 'PAYING', 'PAID', 'NOTIFIED'];
  const POSITION_STATUSES = ['DRAFT', 'PUBLISHED', 'VALID', 'PARTIALLY_PAID', 'PAID', 'INVALID', 'EXPIRED'];
  const RECEIPT_STATUSES = ['NOTICE_GENERATED', 'NOTICE_SENT', 'NOTICE_PENDING', 'NOTIFIED'];
  const CART_STATUSES = ['OPEN', 'PROCESSING', 'PAID', 'FAILED', 'CANCELLED', 'PENDING', 'EXPIRED'];
  const NAV = /^\d{18}$/;
  const TOKEN = /^[0-9a-f]{32}$/i;

  // ---- DOM and formats ----------------------------------------------------------------------------------

  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    add(e, kids);
    return e;
  }
  function add(e, kids) {
    for (const k of kids) {
      if (k === undefined || k === null || k === false || k === '') continue;
      if (Array.isArray(k)) add(e, k);
      else e.append(k instanceof Node ? k : String(k));
    }
  }
  const fmt = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  /** an ISO string, as every /admin time is */
  function time(v) {
    if (v === null || v === undefined || v === '') return '';
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? String(v) : h('time', { datetime: d.toISOString(), title: d.toISOString() }, d.toLocaleString(locale));
  }
  const euro = (cents) => (cents === null || cents === undefined ? '' : money.format(Number(cents) / 100));
  const badge = (s) => (s === null || s === undefined ? '' : h('span', { class: 'badge ' + s }, s));
  const mono = (s) => (s === null || s === undefined ? '' : h('span', { class: 'mono' }, s));
  const yesNo = (b) => (b ? t.yes : t.no);
  const enabled = (b) => badge(b ? 'ENABLED' : 'DISABLED');
  const small = (...kids) => h('span', { class: 'muted small' }, kids);
  const alertBox = (kind, ...kids) => h('div', { class: 'alert ' + kind }, kids);

  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  // ---- the API ------------------------------------------------------------------------------------------

  // The admin token (--admin-token), asked once on the first 401 and kept for this tab only: sessionStorage
  // is gone when the tab closes, and other sites' pages cannot read it.
  const TOKEN_KEY = 'nodo-admin-token';
  const adminToken = () => sessionStorage.getItem(TOKEN_KEY);
  function withToken(init) {
    const token = adminToken();
    const headers = Object.assign({ Accept: 'application/json' }, init && init.headers, token ? { Authorization: 'Bearer ' + token } : {});
    return Object.assign({}, init, { headers });
  }
  // a tab opens with several fetches at once: their 401s share one prompt
  let asking = null;
  function askToken() {
    if (!asking) {
      asking = new Promise((resolve) =>
        setTimeout(() => {
          const token = (window.prompt(t.tokenPrompt, '') || '').trim();
          if (token) sessionStorage.setItem(TOKEN_KEY, token);
          asking = null;
          resolve(token);
        }),
      );
    }
    return asking;
  }
  // still refused after asking (the prompt cancelled, a wrong token): the auto-refresh waits, rather than
  // asking again every few seconds, until something the operator does gets an answer
  let refused = false;
  /** fetch with the token; on a 401, asks for the token and tries again once */
  async function authFetch(path, init) {
    const sent = adminToken();
    let res = await fetch(path, withToken(init));
    if (res.status === 401) {
      // another request may have got the token while this one was out
      const token = adminToken() !== sent ? adminToken() : await askToken();
      if (token) res = await fetch(path, withToken(init));
    }
    refused = res.status === 401;
    return res;
  }

  async function api(path, init) {
    let res;
    try {
      res = await authFetch(path, init);
    } catch (err) {
      return { ok: false, status: 0, body: { title: t.error, detail: String(err) } };
    }
    const text = await res.text();
    let body;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch (_) {
      body = { detail: text.slice(0, 300) };
    }
    return { ok: res.ok, status: res.status, body };
  }
  // state-changing calls are JSON POSTs: the same-origin guard on /admin recognises them
  const post = (path, body) => api(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body || {}) });
  function problemBox(r) {
    const b = r.body || {};
    return alertBox('ko', h('strong', {}, (r.status ? r.status + ' ' : '') + (b.title || t.error)), b.detail ? ': ' + b.detail : '');
  }

  // ---- auto-refresh -------------------------------------------------------------------------------------
  //
  // The view on screen re-fetches what it shows every REFRESH_MS while the tab is visible: each list and
  // detail registers a refresher when it is drawn (onRefresh), route() forgets them. A refresh redraws
  // only the results (never a form), through swap(), which keeps the page's scroll, the open <details>,
  // scrolled boxes and the focused element. It waits while a form of the view has input not yet sent, or
  // while text is selected in it (someone copying).

  const REFRESH_MS = 3000;
  const AUTO_KEY = 'nodo-auto-refresh';
  let live = [];
  let refreshTimer = null;
  const onRefresh = (fn) => live.push(fn);

  const autoToggle = h('input', { type: 'checkbox', id: 'auto-refresh', checked: localStorage.getItem(AUTO_KEY) !== 'off' });
  const lastUpdated = h('span', { id: 'last-updated', class: 'muted small' });
  /** the "last updated" time, or that the last attempt failed */
  function stamp(ok) {
    lastUpdated.textContent = fmt(ok === false ? t.refreshFailed : t.lastUpdated, { time: new Date().toLocaleTimeString(locale) });
  }

  /** a node's place under `root` as child indexes: the same place in the redrawn content is the same control */
  function pathOf(root, node) {
    const path = [];
    for (let n = node; n && n !== root; n = n.parentNode) path.unshift(Array.prototype.indexOf.call(n.parentNode.childNodes, n));
    return path;
  }
  const atPath = (root, path) => path.reduce((n, i) => (n ? n.childNodes[i] : null), root);

  /** replaces box's content without losing the reader's place (see above); `kids`: a node or an array */
  function swap(box, kids) {
    const keyed = (sel) => Array.from(box.querySelectorAll(sel));
    const openState = new Map(keyed('details[data-key]').map((d) => [d.dataset.key, d.open]));
    const scrolled = new Map(
      keyed('[data-key]')
        .filter((e) => e.scrollTop || e.scrollLeft)
        .map((e) => [e.dataset.key, [e.scrollTop, e.scrollLeft]]),
    );
    const active = document.activeElement;
    const focus = active && active !== box && box.contains(active) ? (active.id ? { id: active.id } : { path: pathOf(box, active), tag: active.tagName }) : null;
    const x = window.scrollX;
    const y = window.scrollY;
    box.replaceChildren(...[].concat(kids));
    for (const d of keyed('details[data-key]')) if (openState.has(d.dataset.key)) d.open = openState.get(d.dataset.key);
    for (const e of keyed('[data-key]')) {
      const at = scrolled.get(e.dataset.key);
      if (at) [e.scrollTop, e.scrollLeft] = at;
    }
    if (focus) {
      const again = focus.id ? document.getElementById(focus.id) : atPath(box, focus.path);
      if (again && box.contains(again) && (focus.id || again.tagName === focus.tag)) again.focus({ preventScroll: true });
    }
    if (window.scrollX !== x || window.scrollY !== y) window.scrollTo(x, y);
  }

  /** a form control whose value is not the one it was drawn (or last sent) with */
  function changed(el) {
    if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
    if (el.tagName === 'SELECT') {
      const drawn = Array.prototype.findIndex.call(el.options, (o) => o.defaultSelected);
      return el.selectedIndex !== Math.max(drawn, 0);
    }
    return el.value !== el.defaultValue;
  }
  /** what the form holds is now what it was sent with: it no longer holds the refresh back */
  function markSent(form) {
    for (const el of form.querySelectorAll('input, select, textarea')) {
      if (el.type === 'checkbox' || el.type === 'radio') el.defaultChecked = el.checked;
      else if (el.tagName === 'SELECT') for (const o of el.options) o.defaultSelected = o.selected;
      else el.defaultValue = el.value;
    }
  }
  function holdRefresh() {
    if (asking || refused) return true;
    if (Array.prototype.some.call(view.querySelectorAll('input, select, textarea'), changed)) return true;
    const sel = window.getSelection();
    return Boolean(sel && !sel.isCollapsed && sel.rangeCount && view.contains(sel.getRangeAt(0).commonAncestorContainer));
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshNow, REFRESH_MS);
  }
  async function refreshNow() {
    clearTimeout(refreshTimer);
    if (!autoToggle.checked || document.visibilityState !== 'visible' || holdRefresh()) return scheduleRefresh();
    const current = live;
    const results = await Promise.all(current.map((fn) => fn().catch(() => false)));
    if (current === live && current.length) stamp(results.every((r) => r !== false));
    scheduleRefresh();
  }
  autoToggle.addEventListener('change', () => {
    localStorage.setItem(AUTO_KEY, autoToggle.checked ? 'on' : 'off');
    if (autoToggle.checked) refreshNow();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') refreshNow();
  });

  // ---- lists: filters, one page, prev/next ----------------------------------------------------------------

  /** columns: [label, row => content, td class?] */
  function table(columns, rows, rowHref) {
    if (!rows.length) return h('p', { class: 'muted' }, t.empty);
    const body = rows.map((row) => {
      const href = rowHref && rowHref(row);
      const open = href
        ? (ev) => {
            if (!ev.target.closest('a, button, summary')) go(href);
          }
        : undefined;
      return h(
        'tr',
        { class: href ? 'clickable' : undefined, onclick: open },
        columns.map((c) => h('td', { class: c[2] }, c[1](row))),
      );
    });
    return h(
      'div',
      { class: 'dash-table' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            columns.map((c) => h('th', { class: c[2] }, c[0])),
          ),
        ),
        h('tbody', {}, body),
      ),
    );
  }

  function pager(total, limit, offset, to) {
    const last = Math.min(offset + limit, total);
    return h(
      'div',
      { class: 'pager' },
      h('button', { type: 'button', class: 'small', disabled: offset <= 0, onclick: () => to(Math.max(0, offset - limit)) }, t.prev),
      h('span', { class: 'page-of' }, fmt(t.pageOf, { from: total === 0 ? 0 : offset + 1, to: last, total })),
      h('button', { type: 'button', class: 'small', disabled: last >= total, onclick: () => to(offset + limit) }, t.next),
    );
  }

  const lists = {};
  const listState = (id) => lists[id] || (lists[id] = { filter: {}, offset: 0, page: null });
  function setFilter(id, filter) {
    const st = listState(id);
    st.filter = Object.assign({}, filter);
    st.offset = 0;
  }

  let uid = 0;
  /** fields: { name, label, type: 'text' | 'datetime' | [value | [value, label]] } */
  function filterForm(fields, current, apply) {
    const form = h('form', { class: 'toolbar dash-filters' });
    for (const f of fields) {
      const id = 'f' + ++uid;
      const input = Array.isArray(f.type)
        ? h(
            'select',
            { id, name: f.name },
            h('option', { value: '' }, '— ' + t.any + ' —'),
            f.type.map((o) => {
              const [value, label] = Array.isArray(o) ? o : [o, o];
              return h('option', { value, selected: current[f.name] === value }, label);
            }),
          )
        : h('input', { id, name: f.name, type: f.type === 'datetime' ? 'datetime-local' : 'text', value: current[f.name] || '', size: f.size || 16 });
      form.append(h('div', { class: 'field' }, h('label', { for: id }, f.label), input));
    }
    const values = () => {
      const out = {};
      for (const f of fields) {
        const v = form.elements[f.name].value.trim();
        if (v) out[f.name] = v;
      }
      return out;
    };
    form.append(
      h(
        'div',
        { class: 'field' },
        h('button', { type: 'submit', class: 'small primary' }, t.filter),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            onclick: () => {
              for (const f of fields) form.elements[f.name].value = '';
              markSent(form);
              apply({});
            },
          },
          t.reset,
        ),
      ),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      markSent(form);
      apply(values());
    });
    return form;
  }

  /**
   * A server-paged /admin list: def = { id, title, url, filters, columns, rowHref, limit, actions, table }.
   * actions(state, reload): controls drawn above the results; table: a renderer of its own (columns, rows).
   */
  function pagedList(def) {
    const st = listState(def.id);
    const filters = def.filters || [];
    const results = h('div', { class: 'dash-results' }, h('p', { class: 'muted' }, t.loading));
    let seq = 0;
    /** quiet: a refresh, which keeps what is shown when the server cannot be reached */
    async function load(quiet) {
      const mine = ++seq;
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(st.filter)) {
        const f = filters.find((x) => x.name === k);
        // datetime-local has no zone: the operator means their own
        q.set(k, f && f.type === 'datetime' ? new Date(v).toISOString() : v);
      }
      q.set('limit', String(def.limit || 20));
      q.set('offset', String(st.offset));
      const r = await api(def.url + '?' + q);
      // a later load (a page turned while a refresh was out) wins
      if (mine !== seq) return true;
      if (!r.ok) {
        if (!(quiet && r.status === 0)) swap(results, problemBox(r));
        return false;
      }
      st.page = r.body;
      swap(results, [
        (def.table || table)(def.columns, r.body.items, def.rowHref),
        pager(r.body.total, r.body.limit, r.body.offset, (o) => {
          st.offset = o;
          load();
        }),
      ]);
      stamp(true);
      return true;
    }
    load();
    onRefresh(() => load(true));
    return h(
      'section',
      { class: 'dash-list', id: 'list-' + def.id },
      def.title ? h('h2', {}, def.title) : null,
      filters.length
        ? filterForm(filters, st.filter, (f) => {
            st.filter = f;
            st.offset = 0;
            load();
          })
        : null,
      def.actions ? def.actions(st, () => load()) : null,
      results,
    );
  }

  /** A list the API gives whole (the registry), paged here; with an `id`, the page stays across redraws. */
  function localList(title, rows, columns, limit, id) {
    const size = limit || 25;
    // the page turned to stays when the list is drawn again (a refresh)
    const st = listState(id || 'local:' + title);
    if (st.offset >= rows.length) st.offset = 0;
    const box = h('div');
    const draw = () =>
      box.replaceChildren(
        table(columns, rows.slice(st.offset, st.offset + size)),
        pager(rows.length, size, st.offset, (o) => {
          st.offset = o;
          draw();
        }),
      );
    draw();
    return h('section', { class: 'dash-list' }, h('h2', {}, title), box);
  }

  const facts = (pairs) =>
    h(
      'dl',
      { class: 'facts' },
      pairs.filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== '').map((p) => [h('dt', {}, p[0]), h('dd', {}, p[1])]),
    );

  /** a link to another tab's list, filtered */
  const jump = (label, list, filter, hash) =>
    h(
      'a',
      {
        href: hash || '#' + list,
        onclick: (ev) => {
          ev.preventDefault();
          setFilter(list, filter);
          go(hash || '#' + list);
        },
      },
      label,
    );

  /** A detail above a tab's list; `still`: what it shows never changes (a journal exchange), so no refresh. */
  function detailCard(id, load, still) {
    const card = h('div', { class: 'card soft dash-detail', id }, h('p', { class: 'muted' }, t.loading));
    const draw = async () => {
      const r = await load();
      if (r instanceof Node || Array.isArray(r)) swap(card, r);
      return true;
    };
    draw();
    if (!still) onRefresh(draw);
    return card;
  }
  const detailHead = (title, back) => h('div', { class: 'dash-detail-head' }, h('h2', {}, title), h('a', { href: back, class: 'button small' }, t.close));

  function timeline(events, withToken) {
    if (!events || !events.length) return h('p', { class: 'muted' }, t.empty);
    return h(
      'ol',
      { class: 'timeline' },
      events.map((e) =>
        h(
          'li',
          { 'data-event': e.event },
          h('strong', { class: 'event' }, e.event),
          ' ',
          small(time(e.at)),
          withToken && e.token ? [' ', h('a', { href: '#payments/' + e.token, class: 'mono' }, e.token)] : null,
          h('br'),
          h(
            'span',
            { class: 'small' },
            t.tokenState + ': ',
            e.fromStatus || '∅',
            ' → ',
            badge(e.toStatus),
            e.noticeTo ? ['   ' + t.noticeState + ': ', e.noticeFrom || '∅', ' → ', badge(e.noticeTo)] : null,
          ),
        ),
      ),
    );
  }

  const tokenLink = (token) => (token ? h('a', { href: '#payments/' + token, class: 'mono' }, token) : '');
  const noticeLink = (nav) =>
    nav
      ? h(
          'a',
          {
            href: '#payments',
            class: 'mono',
            onclick: (ev) => {
              ev.preventDefault();
              searchFor(nav);
            },
          },
          nav,
        )
      : '';

  // ---- tabs ---------------------------------------------------------------------------------------------

  function registryTab() {
    const box = h('div', {}, h('p', { class: 'muted' }, t.loading));
    const load = () =>
      api('/admin/registry').then((r) => {
        if (!r.ok) {
          swap(box, problemBox(r));
          return false;
        }
        swap(box, registryLists(r.body));
        stamp(true);
        return true;
      });
    load();
    onRefresh(load);
    return box;
  }

  function registryLists(g) {
    const col = (name, render) => [name, render || ((o) => (o[name] === undefined ? '' : typeof o[name] === 'boolean' ? yesNo(o[name]) : o[name]))];
    const code = (name) => col(name, (o) => mono(o[name]));
    return [
      h('p', { class: 'muted small' }, fmt(t.registryVersion, { v: g.version })),
      localList(t.psps, g.psps || [], [code('pspCode'), col('businessName'), col('enabled', (o) => enabled(o.enabled)), col('digitalStamp')]),
      localList(t.channels, g.channels || [], [
        code('channelCode'),
        code('brokerPspCode'),
        col('paymentModel'),
        col('primitiveVersion'),
        col('enabled', (o) => enabled(o.enabled)),
        col('flagStandIn'),
        col('pagoPaTouchpoint'),
        col('description'),
      ]),
      localList(t.pspBrokers, g.pspBrokers || [], [code('brokerPspCode'), col('description'), col('enabled', (o) => enabled(o.enabled))]),
      localList(t.creditorInstitutions, g.creditorInstitutions || [], [
        code('creditorInstitutionCode'),
        col('businessName'),
        col('officeName'),
        col('enabled', (o) => enabled(o.enabled)),
      ]),
      localList(t.ecBrokers, g.ecBrokers || [], [code('brokerCode'), col('description'), col('enabled', (o) => enabled(o.enabled))]),
      localList(t.stations, g.stations || [], [
        code('stationCode'),
        code('brokerCode'),
        col('primitiveVersion'),
        col('enabled', (o) => enabled(o.enabled)),
        col('backend', (o) => badge(o.backend && o.backend.type)),
        col('url', (o) => mono(o.backend && o.backend.url)),
        col('flagStandIn'),
      ]),
      localList(t.stationCis, g.stationCreditorInstitutions || [], [
        code('creditorInstitutionCode'),
        code('stationCode'),
        col('auxDigit'),
        col('segregationCode'),
        col('applicationCode'),
        col('broadcast'),
        col('primitiveVersion'),
      ]),
      localList(t.subscriptionKeys, g.subscriptionKeys || [], [code('key'), code('creditorInstitutionCode'), code('brokerCode'), col('description')]),
      localList(
        t.configuration,
        Object.entries(g.configuration || {}).map(([k, v]) => ({ k, v })),
        [
          [t.configKey, (o) => mono(o.k)],
          [t.configValue, (o) => mono(String(o.v))],
        ],
      ),
    ];
  }

  function noticesTab(id) {
    return h(
      'div',
      {},
      id ? noticeDetail(id) : null,
      pagedList({
        id: 'positions',
        title: t.positions,
        url: '/admin/positions',
        limit: 10,
        filters: [
          { name: 'search', label: t.searchText, size: 22 },
          { name: 'organizationFiscalCode', label: t.fiscalCode, size: 12 },
          { name: 'status', label: t.status, type: POSITION_STATUSES },
        ],
        columns: [
          [t.iupd, (p) => [mono(p.iupd), h('br'), small(p.serviceType)]],
          [t.company, (p) => [p.companyName, h('br'), small(p.organizationFiscalCode)]],
          [t.debtor, (p) => [p.debtorFullName, h('br'), small(p.debtorFiscalCode)]],
          [t.status, (p) => badge(p.status)],
          [
            t.options,
            (p) =>
              h(
                'ul',
                { class: 'dash-options' },
                p.options.map((o) => h('li', {}, noticeLink(o.noticeNumber), ' ', euro(o.amountCents), ' ', badge(o.status), ' ', small(o.dueDate, ' · ', o.description))),
              ),
          ],
          [t.updated, (p) => time(p.updatedAt)],
        ],
      }),
      pagedList({
        id: 'notices',
        title: t.nodeNotices,
        url: '/admin/notices',
        filters: [
          { name: 'noticeNumber', label: t.noticeNumber, size: 20 },
          { name: 'fiscalCode', label: t.fiscalCode, size: 12 },
          { name: 'status', label: t.status, type: NOTICE_STATUSES },
        ],
        columns: [
          ['#', (n) => h('a', { href: '#notices/' + n.id }, n.id)],
          [t.fiscalCode, (n) => mono(n.fiscalCode)],
          [t.noticeNumber, (n) => mono(n.noticeNumber)],
          [t.status, (n) => badge(n.status)],
          [t.token, (n) => tokenLink(n.currentToken)],
          [t.created, (n) => time(n.createdAt)],
          [t.updated, (n) => time(n.updatedAt)],
        ],
        rowHref: (n) => '#notices/' + n.id,
      }),
    );
  }

  function noticeDetail(id) {
    return detailCard('notice-detail', async () => {
      const r = await api('/admin/notices/' + encodeURIComponent(id));
      if (!r.ok) return problemBox(r);
      const n = r.body;
      return [
        detailHead([n.fiscalCode, ' / ', mono(n.noticeNumber), ' ', badge(n.status)], '#notices'),
        h(
          'div',
          { class: 'grid2' },
          h(
            'div',
            {},
            h('h3', {}, t.noticeTokens),
            table(
              [
                [t.token, (p) => tokenLink(p.token)],
                [t.status, (p) => badge(p.status)],
                [t.psp, (p) => p.idPSP],
                [t.amount, (p) => euro(p.amountCents), 'num'],
                [t.created, (p) => time(p.createdAt)],
              ],
              n.tokens,
              (p) => '#payments/' + p.token,
            ),
          ),
          h('div', {}, h('h3', {}, t.timeline), timeline(n.events, true)),
        ),
        h(
          'p',
          { class: 'dash-links' },
          jump(t.seeNoticeJournal, 'journal', { noticeNumber: n.noticeNumber }),
          ' · ',
          h('a', { href: '/admin/notices/' + n.id, target: '_blank', rel: 'noopener' }, t.asJson),
        ),
      ];
    });
  }

  function paymentsTab(token) {
    return h(
      'div',
      {},
      token ? tokenDetail(token) : null,
      pagedList({
        id: 'payments',
        title: t.paymentsTitle,
        url: '/admin/payments',
        filters: [
          { name: 'noticeNumber', label: t.noticeNumber, size: 20 },
          { name: 'token', label: t.token, size: 34 },
          { name: 'status', label: t.status, type: TOKEN_STATUSES },
          { name: 'idPSP', label: t.idPSP, size: 12 },
        ],
        columns: [
          [t.token, (p) => tokenLink(p.token)],
          [t.noticeNumber, (p) => [mono(p.noticeNumber), h('br'), small(p.fiscalCode)]],
          [t.status, (p) => badge(p.status)],
          [t.psp, (p) => mono(p.idPSP)],
          [t.channel, (p) => mono(p.idChannel)],
          [t.amount, (p) => euro(p.amountCents), 'num'],
          [t.created, (p) => time(p.createdAt)],
          [t.expires, (p) => time(p.expiresAt)],
        ],
        rowHref: (p) => '#payments/' + p.token,
      }),
    );
  }

  function tokenDetail(token) {
    return detailCard('token-detail', async () => {
      const r = await api('/admin/tokens/' + encodeURIComponent(token));
      if (!r.ok) return problemBox(r);
      const p = r.body;
      return [
        detailHead([t.token, ' ', mono(p.token), ' ', badge(p.status)], '#payments'),
        h(
          'div',
          { class: 'grid2' },
          facts([
            [t.noticeNumber, noticeLink(p.noticeNumber)],
            [t.fiscalCode, mono(p.fiscalCode)],
            [t.iuv, mono(p.creditorReferenceId)],
            [t.amount, euro(p.amountCents)],
            [t.psp, [mono(p.idPSP), ' / ', mono(p.idBrokerPSP)]],
            [t.channel, mono(p.idChannel)],
            [t.station, mono(p.stationCode)],
            [t.primitive, p.primitive],
            [t.outcome, badge(p.outcome)],
            [t.outcomeAt, time(p.outcomeAt)],
            [t.created, time(p.createdAt)],
            [t.expires, time(p.expiresAt)],
            [t.paymentNote, p.paymentNote],
            [t.idempotencyKey, p.idempotencyKey],
          ]),
          h('div', {}, h('h3', {}, t.timeline), timeline(p.events)),
        ),
        h(
          'p',
          { class: 'dash-links' },
          jump(t.seeJournal, 'journal', { token: p.token }),
          ' · ',
          jump(t.seeReceipts, 'receipts', { token: p.token }),
          ' · ',
          h('a', { href: '/admin/tokens/' + p.token, target: '_blank', rel: 'noopener' }, t.asJson),
        ),
      ];
    });
  }

  function receiptsTab(id) {
    return h(
      'div',
      {},
      id ? receiptDetail(id) : null,
      pagedList({
        id: 'receipts',
        title: t.receiptsTitle,
        url: '/admin/receipts',
        filters: [
          { name: 'noticeNumber', label: t.noticeNumber, size: 20 },
          { name: 'token', label: t.token, size: 34 },
          { name: 'status', label: t.status, type: RECEIPT_STATUSES },
          { name: 'station', label: t.station, size: 16 },
        ],
        columns: [
          ['#', (x) => h('a', { href: '#receipts/' + x.id }, x.id)],
          [t.noticeNumber, (x) => [mono(x.noticeNumber), h('br'), tokenLink(x.token)]],
          [t.recipient, (x) => [mono(x.recipientFiscalCode), ' ', x.isPrimary ? small('(' + t.primary + ')') : '', h('br'), small(x.stationCode, ' · ', x.backend)]],
          [t.primitive, (x) => x.primitive],
          [t.status, (x) => badge(x.status)],
          [t.attempts, (x) => x.attempts, 'num'],
          [t.nextAttempt, (x) => time(x.nextAttemptAt)],
          [t.lastError, (x) => small(x.lastError)],
          [t.files, (x) => h('a', { href: x.links.xml, download: '' }, 'XML')],
        ],
        rowHref: (x) => '#receipts/' + x.id,
      }),
    );
  }

  function receiptDetail(id) {
    const card = detailCard('receipt-detail', () => api('/admin/receipts/' + encodeURIComponent(id)).then(render));
    function render(r) {
      if (!r.ok) return problemBox(r);
      const x = r.body;
      const resend = h(
        'button',
        {
          type: 'button',
          class: 'primary small',
          onclick: async () => {
            resend.disabled = true;
            const done = await post('/admin/receipts/' + x.id + '/resend');
            flash.replaceChildren(done.ok ? alertBox('ok', fmt(t.resent, { id: x.id, status: done.body.status })) : problemBox(done));
            if (done.ok) card.replaceChildren(...render(done));
            else resend.disabled = false;
          },
        },
        t.resend,
      );
      return [
        detailHead(['#' + x.id, ' ', x.primitive, ' → ', mono(x.stationCode), ' ', badge(x.status)], '#receipts'),
        facts([
          [t.noticeNumber, noticeLink(x.noticeNumber)],
          [t.token, tokenLink(x.token)],
          [t.recipient, mono(x.recipientFiscalCode)],
          [t.attempts, String(x.attempts)],
          [t.nextAttempt, time(x.nextAttemptAt)],
          [t.lastError, x.lastError],
          [t.created, time(x.createdAt)],
          [t.updated, time(x.updatedAt)],
        ]),
        h('div', { class: 'actions' }, resend),
        xmlBlock({ key: 'receipt-xml-' + x.id, title: t.xml, url: x.links.xml }),
        h('h3', {}, t.attempts),
        table(
          [
            [t.attempt, (a) => a.attempt, 'num'],
            [t.at, (a) => time(a.at)],
            [t.result, (a) => badge(a.result)],
            [t.fault, (a) => a.faultCode],
            [t.httpStatus, (a) => a.httpStatus],
            [t.duration, (a) => a.durationMs, 'num'],
            [t.worker, (a) => small(a.worker)],
            ['', (a) => small(a.detail)],
          ],
          x.attemptList || [],
        ),
      ];
    }
    return card;
  }

  function journalTab(id) {
    return h('div', {}, id ? journalDetail(id) : null, journalList());
  }

  function journalList() {
    return pagedList({
      id: 'journal',
      title: t.journalTitle,
      url: '/admin/journal',
      limit: 25,
      filters: [
        { name: 'operation', label: t.operation, type: cfg.operations },
        { name: 'outcome', label: t.outcome, type: ['OK', 'KO', 'FAULT'] },
        {
          name: 'direction',
          label: t.direction,
          type: [
            ['in', t.directionIn],
            ['out', t.directionOut],
          ],
        },
        { name: 'noticeNumber', label: t.noticeNumber, size: 20 },
        { name: 'token', label: t.token, size: 34 },
        { name: 'idPSP', label: t.idPSP, size: 12 },
        { name: 'from', label: t.from, type: 'datetime' },
        { name: 'to', label: t.to, type: 'datetime' },
      ],
      actions: (st) => h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'small', id: 'journal-export', onclick: () => exportPage(st) }, t.exportPage)),
      columns: [
        ['#', (j) => h('a', { href: '#journal/' + j.id }, j.id), 'num'],
        [t.at, (j) => time(j.at)],
        [t.operation, (j) => [h('strong', {}, j.operation || '?'), ' ', small(j.direction === 'out' ? '→ EC' : '')]],
        [t.caller, (j) => (j.direction === 'out' ? mono(j.stationCode) : [mono(j.idPSP), h('br'), small(j.idChannel)])],
        [t.noticeNumber, (j) => noticeLink(j.noticeNumber)],
        [t.token, (j) => tokenLink(j.token)],
        [t.outcome, (j) => [badge(j.outcome), j.faultCode ? [h('br'), small(j.faultCode)] : null]],
        [t.httpStatus, (j) => j.httpStatus, 'num'],
        [t.files, (j) => [h('a', { href: j.links.request, download: '' }, t.request), h('br'), h('a', { href: j.links.response, download: '' }, t.response)]],
      ],
      rowHref: (j) => '#journal/' + j.id,
    });
  }

  /** one exchange: its keys, then the request and the answer as indented XML (the files one click away) */
  function journalDetail(id) {
    return detailCard(
      'journal-detail',
      async () => {
        const r = await api('/admin/journal/' + encodeURIComponent(id));
        if (!r.ok) return problemBox(r);
        const j = r.body;
        return [
          detailHead(['#' + j.id, ' ', h('strong', {}, j.operation || '?'), ' ', badge(j.outcome), j.faultCode ? [' ', small(j.faultCode)] : null], '#journal'),
          facts([
            [t.at, time(j.at)],
            [t.direction, j.direction === 'out' ? t.directionOut : t.directionIn],
            [t.caller, j.direction === 'out' ? mono(j.stationCode) : [mono(j.idPSP), ' ', small(j.idChannel)]],
            [t.fiscalCode, mono(j.fiscalCode)],
            [t.noticeNumber, noticeLink(j.noticeNumber)],
            [t.token, tokenLink(j.token)],
            [t.httpStatus, j.httpStatus === 0 ? t.noAnswer : String(j.httpStatus)],
            [t.duration, (j.durationUs / 1000).toFixed(1)],
            ['requestId', mono(j.requestId)],
          ]),
          xmlBlock({ key: 'journal-request-' + j.id, title: t.requestXml, url: j.links.request }),
          xmlBlock({ key: 'journal-response-' + j.id, title: t.responseXml, url: j.links.response }),
        ];
      },
      true,
    );
  }

  /** the page on screen, as the API gave it, downloaded as a file (a Blob: nothing goes to the server) */
  function exportPage(st) {
    if (!st.page) return;
    const doc = Object.assign({ exportedAt: new Date().toISOString(), filter: st.filter }, st.page);
    const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
    const a = h('a', { href: url, download: 'journal-' + doc.exportedAt.replace(/[:.]/g, '-') + '.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function cartsTab() {
    const cartNotices = (c) =>
      h(
        'ul',
        { class: 'dash-options' },
        (c.paymentNotices || []).map((n) =>
          h('li', {}, noticeLink(n.noticeNumber), ' ', euro(n.amount), ' ', badge(n.status), ' ', tokenLink(n.paymentToken), h('br'), small(n.companyName, ' · ', n.description)),
        ),
      );
    return h(
      'div',
      {},
      pagedList({
        id: 'carts',
        title: t.cartsTitle,
        url: '/admin/carts',
        limit: 10,
        filters: [
          { name: 'status', label: t.status, type: CART_STATUSES },
          { name: 'noticeNumber', label: t.noticeNumber, size: 20 },
        ],
        columns: [
          [t.cartId, (c) => [mono(c.id), c.idCart ? [h('br'), small(c.idCart)] : null]],
          [t.origin, (c) => [c.origin, ' ', small('v' + c.version)]],
          [t.status, (c) => badge(c.status)],
          [t.notices, cartNotices],
          // what the payer typed on the page; before that, the EC's emailNotice
          [
            t.email,
            (c) => (c.payerEmail ? [c.payerEmail, c.emailNotice && c.emailNotice !== c.payerEmail ? [h('br'), small(t.emailNotice + ': ' + c.emailNotice)] : null] : c.emailNotice),
          ],
          [t.created, (c) => time(c.createdAt)],
          [t.expires, (c) => time(c.expiresAt)],
          [t.completed, (c) => time(c.completedAt)],
          ['', (c) => (c.status === 'OPEN' ? h('a', { href: c.checkoutUrl, target: '_blank', rel: 'noopener' }, t.openCheckout) : '')],
        ],
      }),
      pagedList({
        id: 'outbox',
        title: t.outboxTitle,
        url: '/admin/outbox',
        limit: 10,
        columns: [
          ['#', (e) => e.id, 'num'],
          [t.created, (e) => time(e.createdAt)],
          [t.toAddress, (e) => e.to],
          [t.subject, (e) => h('details', { 'data-key': 'outbox-' + e.id }, h('summary', {}, e.subject, ' ', small(e.lang)), h('pre', {}, e.body))],
          [t.cart, (e) => mono(e.cartId)],
        ],
      }),
    );
  }

  function operatorTab() {
    const jobOut = h('div');
    const jobs = h(
      'section',
      { class: 'card' },
      h('h2', {}, t.jobsTitle),
      h(
        'div',
        { class: 'actions' },
        cfg.jobs.map((name) =>
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              'data-job': name,
              onclick: async (ev) => {
                ev.target.disabled = true;
                const r = await post('/admin/jobs/' + encodeURIComponent(name) + '/run');
                ev.target.disabled = false;
                jobOut.replaceChildren(
                  ...(r.ok
                    ? [h('p', {}, fmt(t.jobRan, { name }), ' ', small(new Date().toLocaleTimeString(locale))), h('pre', {}, JSON.stringify(r.body, null, 2))]
                    : [problemBox(r)]),
                );
              },
            },
            fmt(t.runJob, { name }),
          ),
        ),
      ),
      jobOut,
    );

    const now = h('p', { class: 'small' });
    const showClock = (r) => now.replaceChildren(r.ok ? fmt(t.clockNow, { now: new Date(r.body.now).toLocaleString(locale), offset: r.body.offsetMs }) : problemBox(r));
    const readClock = () =>
      api('/admin/clock').then((r) => {
        showClock(r);
        return r.ok;
      });
    readClock();
    onRefresh(readClock);
    const minutes = h('input', { type: 'text', id: 'clock-minutes', value: '15', size: 6, inputmode: 'numeric' });
    // forward and back by the same step, set to a local date-time, reset: every move can be undone
    const move = (sign) => async () => {
      const m = Number(minutes.value);
      minutes.defaultValue = minutes.value;
      if (Number.isInteger(m) && m >= 0) showClock(await post('/admin/clock/advance', { ms: sign * m * 60000 }));
    };
    const at = h('input', { type: 'datetime-local', id: 'clock-at', step: 1 });
    const clock = h(
      'section',
      { class: 'card' },
      h('h2', {}, t.clockTitle),
      now,
      h(
        'form',
        {
          class: 'toolbar',
          onsubmit: (ev) => {
            ev.preventDefault();
            move(1)();
          },
        },
        h('div', { class: 'field' }, h('label', { for: 'clock-minutes' }, t.clockAdvance), minutes),
        h(
          'div',
          { class: 'field' },
          h('button', { type: 'button', class: 'small', id: 'clock-back', onclick: move(-1) }, t.clockBack),
          ' ',
          h('button', { type: 'submit', class: 'small', id: 'clock-forward' }, t.clockGo),
        ),
      ),
      h(
        'form',
        {
          class: 'toolbar',
          onsubmit: async (ev) => {
            ev.preventDefault();
            // the input is local time without a zone; the API wants one: toISOString gives UTC
            const d = new Date(at.value);
            markSent(ev.target);
            if (!Number.isNaN(d.getTime())) showClock(await post('/admin/clock/set', { at: d.toISOString() }));
          },
        },
        h('div', { class: 'field' }, h('label', { for: 'clock-at' }, t.clockSetAt), at),
        h('div', { class: 'field' }, h('button', { type: 'submit', class: 'small', id: 'clock-set' }, t.clockSet)),
      ),
      h('p', {}, h('button', { type: 'button', class: 'small', id: 'clock-reset', onclick: async () => showClock(await post('/admin/clock/reset')) }, t.clockReset)),
    );

    // POST /admin/reset, behind a confirm: it wipes every payment of this emulator (and of others on its database)
    const resetOut = h('div');
    const reset = h(
      'section',
      { class: 'card' },
      h('h2', {}, t.resetTitle),
      h('p', { class: 'small' }, t.resetIntro),
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            id: 'reset',
            onclick: async () => {
              if (!window.confirm(t.resetConfirm)) return;
              const r = await post('/admin/reset');
              if (!r.ok) return resetOut.replaceChildren(problemBox(r));
              const rows = Object.values(r.body.cleared).reduce((a, b) => a + b, 0);
              resetOut.replaceChildren(alertBox('ok', fmt(t.resetDone, { rows, positions: r.body.demoPositions })));
            },
          },
          t.resetButton,
        ),
      ),
      resetOut,
    );

    return h('div', { class: 'grid2 dash-operator' }, h('div', {}, clock, reset), jobs);
  }

  // ---- search: a notice number or a token jumps to what the emulator knows of it -------------------------

  async function searchFor(raw) {
    const q = raw.replace(/\s+/g, '');
    flash.replaceChildren();
    let targets;
    if (NAV.test(q)) {
      const by = { noticeNumber: q };
      targets = [
        ['payments', by, '#payments'],
        ['notices', by, '#notices'],
        ['positions', { search: q }, '#notices'],
        ['journal', by, '#journal'],
        ['receipts', by, '#receipts'],
      ];
    } else if (TOKEN.test(q)) {
      const by = { token: q.toLowerCase() };
      targets = [
        ['payments', by, '#payments/' + by.token],
        ['journal', by, '#journal'],
        ['receipts', by, '#receipts'],
      ];
    } else if (raw.trim() && raw.trim().length <= 140) {
      targets = [['positions', { search: raw.trim() }, '#notices']];
    } else {
      return flash.append(alertBox('warn', t.searchBad));
    }
    const urls = { payments: '/admin/payments', notices: '/admin/notices', positions: '/admin/positions', journal: '/admin/journal', receipts: '/admin/receipts' };
    const counts = await Promise.all(
      targets.map(async ([list, filter]) => {
        const r = await api(urls[list] + '?' + new URLSearchParams(Object.assign({ limit: '1' }, filter)));
        return r.ok ? r.body.total : 0;
      }),
    );
    targets.forEach(([list, filter]) => setFilter(list, filter));
    const hits = targets.map((x, i) => [...x, counts[i]]).filter((x) => x[3] > 0);
    const shown = raw.trim();
    if (!hits.length) return flash.append(alertBox('warn', fmt(t.searchNothing, { q: shown })));
    flash.append(
      alertBox(
        '',
        fmt(t.searchFound, { q: shown }),
        ' ',
        hits.map(([list, , hash, n], i) => [i ? ' · ' : '', h('a', { href: hash }, t.searchCounts[list] + ': ' + n)]),
      ),
    );
    go(hits[0][2]);
  }

  // ---- reporting (FdR): every revision of every flow, one flow's payments and XML, the generator ----------

  function reportingTab(id) {
    if (id) return reportingDetail(id);
    const box = h('div', {}, h('p', { class: 'muted' }, t.loading));
    const load = () =>
      api('/admin/reporting/flows').then((r) => {
        if (!r.ok) {
          swap(box, problemBox(r));
          return false;
        }
        swap(
          box,
          localList(
            t.reportingTitle,
            r.body.items,
            [
              ['fdr', (f) => h('a', { href: '#reporting/' + f.id }, mono(f.fdr))],
              [t.revision, (f) => f.revision, 'num'],
              [t.status, (f) => [badge(f.status), f.isLatest ? ' ' : '', f.isLatest ? small(t.latest) : '']],
              ['pspId', (f) => mono(f.pspId)],
              ['organizationId', (f) => mono(f.organizationId)],
              [t.origin, (f) => f.origin],
              [t.flowPaymentCount, (f) => f.computedTotPayments, 'num'],
              [t.flowSum, (f) => f.computedSumPayments, 'num'],
              [t.published, (f) => time(f.published)],
            ],
            50,
            'reporting',
          ),
        );
        stamp(true);
        return true;
      });
    const generate = h(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: async () => {
          generate.disabled = true;
          const r = await post('/admin/jobs/generateReportingFlows/run');
          generate.disabled = false;
          flash.replaceChildren(r.ok ? alertBox('ok', fmt(t.generatedFlows, { date: r.body.date, n: r.body.processed, skipped: r.body.skipped.length })) : problemBox(r));
          load();
        },
      },
      t.generateYesterday,
    );
    load();
    onRefresh(load);
    return h('div', {}, h('div', { class: 'actions' }, generate), box);
  }

  function reportingDetail(id) {
    const xmlUrl = '/admin/reporting/flows/' + encodeURIComponent(id) + '/flow.xml';
    return detailCard('reporting-detail', async () => {
      const r = await api('/admin/reporting/flows/' + encodeURIComponent(id));
      if (!r.ok) return problemBox(r);
      const f = r.body;
      return [
        detailHead([mono(f.fdr), ' r', String(f.revision), ' ', badge(f.status)], '#reporting'),
        facts([
          ['pspId', mono(f.pspId)],
          ['organizationId', mono(f.organizationId)],
          [t.origin, f.origin],
          ['fdrDate', time(f.fdrDate)],
          [t.created, time(f.created)],
          [t.published, time(f.published)],
          ['regulation', f.header.regulation],
          ['regulationDate', f.header.regulationDate],
          ['totPayments / sumPayments', f.header.totPayments + ' / ' + (f.header.sumPaymentsCents / 100).toFixed(2)],
          [t.computed, f.computedTotPayments + ' / ' + f.computedSumPayments],
        ]),
        h('h3', {}, t.flowPayments),
        table(
          [
            ['index', (p) => p.index, 'num'],
            ['iuv', (p) => mono(p.iuv)],
            ['iur', (p) => mono(p.iur)],
            ['idTransfer', (p) => p.idTransfer, 'num'],
            ['pay', (p) => p.pay, 'num'],
            ['payStatus', (p) => badge(p.payStatus)],
            ['payDate', (p) => time(p.payDate)],
          ],
          f.payments,
        ),
        f.status === 'PUBLISHED' ? xmlBlock({ key: 'flow-xml-' + f.id, title: t.flowXml, url: xmlUrl }) : null,
      ];
    });
  }

  // ---- what the parts in other files use ----------------------------------------------------------------

  const xmlBlock = (opts) => ext.xml.block(lib, opts);
  const lib = {
    h,
    t,
    cfg,
    locale,
    fmt,
    time,
    euro,
    badge,
    mono,
    small,
    alertBox,
    api,
    post,
    authFetch,
    problemBox,
    table,
    pager,
    pagedList,
    facts,
    swap,
    onRefresh,
    markSent,
    stamp,
    go,
    noticeLink,
    tokenLink,
    xmlBlock,
    flash,
  };

  // ---- routing ------------------------------------------------------------------------------------------

  const TABS = {
    home: () => ext.tabs.home(lib),
    registry: registryTab,
    notices: noticesTab,
    payments: paymentsTab,
    receipts: receiptsTab,
    journal: journalTab,
    carts: cartsTab,
    reporting: reportingTab,
    mockEc: (id) => ext.tabs.mockEc(lib, id),
    operator: operatorTab,
  };

  function route() {
    const [first, ...rest] = location.hash.replace(/^#/, '').split('/');
    const tab = Object.prototype.hasOwnProperty.call(TABS, first) ? first : 'home';
    const id = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
    for (const a of document.querySelectorAll('#tabs a')) {
      a.classList.toggle('active', a.dataset.tab === tab);
      if (a.dataset.tab === tab) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    // the other language keeps the place the operator is at
    if (langLink) langLink.setAttribute('href', langBase + location.hash);
    // the refreshers of the view going away go with it
    live = [];
    view.replaceChildren(TABS[tab](id));
    scheduleRefresh();
  }

  // Links into /admin (a token as JSON, journal and receipt XML files) are plain navigations, which carry
  // no Authorization header: with a token in use they are fetched with it and handed over as a blob.
  document.addEventListener('click', async (ev) => {
    const a = ev.target.closest && ev.target.closest('a[href^="/admin/"]');
    if (!a || !adminToken() || ev.defaultPrevented) return;
    ev.preventDefault();
    const res = await authFetch(a.getAttribute('href'), { headers: { Accept: '*/*' } });
    if (!res.ok) return flash.replaceChildren(problemBox({ status: res.status, body: await res.json().catch(() => ({})) }));
    const url = URL.createObjectURL(await res.blob());
    if (a.hasAttribute('download')) {
      const named = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') || '');
      const link = h('a', { href: url, download: a.getAttribute('download') || (named ? named[1] : 'download') });
      document.body.append(link);
      link.click();
      link.remove();
    } else {
      window.open(url, '_blank', 'noopener');
    }
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });

  document.getElementById('tabs').addEventListener('click', () => flash.replaceChildren());
  // the auto-refresh switch and the time of the last refresh, beside the tabs
  document.getElementById('tabs').after(h('div', { class: 'dash-live' }, h('label', { for: 'auto-refresh', class: 'small' }, autoToggle, ' ', t.autoRefresh), ' ', lastUpdated));
  document.getElementById('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    searchFor(document.getElementById('q').value);
  });
  window.addEventListener('hashchange', route);
  route();
})();
