/*
 * The dashboard's Mock EC tab (#mockEc): the built-in mock EC's control API (/mock-ec/v1, src/mockEc)
 * driven from the page. What is queued (GET /response), a form that queues one more answer (POST
 * /response/{primitive}: the JSON body the API takes, field by field), removing one (DELETE
 * /response/{primitive}/{id}) or all (DELETE /response), and the history of what the mock received and
 * answered (GET /history, newest first), each exchange's XML inline. Loaded before dashboard.js, which
 * hands it its helpers as `lib`; the API's own errors are shown as it words them.
 */
(function () {
  'use strict';

  const BASE = '/mock-ec/v1';
  const ACTIONS = ['fault', 'invalid', 'delay', 'timeout', 'drop', 'http', 'raw'];
  // which fields each action takes (src/mockEc/overrides.ts parseOverride)
  const FIELDS = { faultCode: ['fault'], description: ['fault'], delayMs: ['delay'], httpStatus: ['http'], body: ['http', 'raw'] };
  // history rows opened to show their XML: kept across redraws and visits of the tab
  const opened = new Set();

  function mockEcTab(lib) {
    const { h, t, cfg, api, post, problemBox, alertBox, mono, small, badge, swap, onRefresh, stamp, markSent, pagedList, time, noticeLink, xmlBlock } = lib;
    const m = t.mockEc;

    // ---- queued answers ----
    const queuedBox = h('div', {}, h('p', { class: 'muted' }, t.loading));
    const removeOut = h('div');
    const summary = (o) => {
      const x = o.override;
      if (x.action === 'fault') return [mono(x.faultCode), x.description ? [' ', small(x.description)] : null];
      if (x.action === 'delay') return x.delayMs + ' ms';
      if (x.action === 'http') return ['HTTP ', String(x.httpStatus), x.body ? [' ', small(x.body.slice(0, 60))] : null];
      if (x.action === 'raw') return small(x.body.slice(0, 60));
      return '';
    };
    async function remove(path) {
      const r = await api(BASE + path, { method: 'DELETE', headers: { Accept: 'application/json' } });
      removeOut.replaceChildren(r.ok ? '' : problemBox(r));
      await loadQueued();
    }
    async function loadQueued() {
      const r = await api(BASE + '/response');
      if (!r.ok) {
        swap(queuedBox, problemBox(r));
        return false;
      }
      swap(
        queuedBox,
        r.body.length
          ? lib.table(
              [
                ['#', (o) => o.id, 'num'],
                [t.primitive, (o) => o.primitive],
                [t.noticeNumber, (o) => (o.noticeNumber ? mono(o.noticeNumber) : small(m.anyNotice))],
                [m.action, (o) => [badge(o.action), ' ', summary(o)]],
                [m.usesLeft, (o) => (o.usesLeft === null ? m.untilRemoved : String(o.usesLeft)), 'num'],
                ['', (o) => h('button', { type: 'button', class: 'small', 'data-remove': o.id, onclick: () => remove('/response/' + o.primitive + '/' + o.id) }, m.remove)],
              ],
              r.body,
            )
          : h('p', { class: 'muted' }, m.nothingQueued),
      );
      stamp(true);
      return true;
    }
    loadQueued();
    onRefresh(loadQueued);
    const queued = h(
      'section',
      { class: 'card', id: 'mock-queued' },
      h('h2', {}, m.queuedTitle),
      queuedBox,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'small', id: 'mock-remove-all', onclick: () => remove('/response') }, m.removeAll)),
      removeOut,
    );

    // ---- the form: one more answer ----
    const addOut = h('div');
    const field = (name, label, input, hint) => h('div', { class: 'field', 'data-field': name }, h('label', { for: 'mock-' + name }, label), input, hint ? small(hint) : null);
    const text = (name, attrs) => h('input', Object.assign({ type: 'text', id: 'mock-' + name, name }, attrs));
    const form = h(
      'form',
      { class: 'mock-form', id: 'mock-add' },
      field(
        'primitive',
        t.primitive,
        h(
          'select',
          { id: 'mock-primitive', name: 'primitive' },
          // the first call of every payment: the likeliest one to make fail
          cfg.mockPrimitives.map((p) => h('option', { value: p, selected: p === 'paVerifyPaymentNotice' }, p)),
        ),
      ),
      field('noticeNumber', t.noticeNumber, text('noticeNumber', { size: 20, inputmode: 'numeric', placeholder: m.anyNotice })),
      field(
        'action',
        m.action,
        h(
          'select',
          { id: 'mock-action', name: 'action' },
          ACTIONS.map((a) => h('option', { value: a }, a + ': ' + m.actions[a])),
        ),
      ),
      field('faultCode', 'faultCode', text('faultCode', { size: 28, list: 'mock-fault-codes', value: 'PAA_SYSTEM_ERROR' })),
      h(
        'datalist',
        { id: 'mock-fault-codes' },
        cfg.paaFaults.map((c) => h('option', { value: c })),
      ),
      field('description', 'description', text('description', { size: 28 })),
      field('delayMs', 'delayMs', text('delayMs', { size: 8, inputmode: 'numeric', value: '5000' })),
      field('httpStatus', 'httpStatus', text('httpStatus', { size: 5, inputmode: 'numeric', value: '500' })),
      field('body', 'body', h('textarea', { id: 'mock-body', name: 'body', rows: 4, cols: 48 })),
      field('times', m.times, text('times', { size: 5, inputmode: 'numeric', value: '1' }), m.timesHint),
      h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary small' }, m.queue)),
    );
    const showFields = () => {
      const action = form.elements.action.value;
      for (const [name, actions] of Object.entries(FIELDS)) form.querySelector('[data-field="' + name + '"]').hidden = !actions.includes(action);
    };
    form.elements.action.addEventListener('change', showFields);
    showFields();
    // numbers go as numbers; anything else as typed, so the API's own message says what is wrong with it
    const value = (name) => {
      const v = form.elements[name].value.trim();
      return /^\d+$/.test(v) ? Number(v) : v;
    };
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const action = form.elements.action.value;
      const body = { action, times: value('times') };
      const notice = form.elements.noticeNumber.value.trim();
      if (notice) body.noticeNumber = notice;
      for (const [name, actions] of Object.entries(FIELDS)) {
        if (!actions.includes(action)) continue;
        const v = name === 'body' ? form.elements.body.value : value(name);
        if (v !== '') body[name] = v;
      }
      const primitive = form.elements.primitive.value;
      const r = await post(BASE + '/response/' + encodeURIComponent(primitive), body);
      if (!r.ok) return addOut.replaceChildren(problemBox(r));
      form.reset();
      showFields();
      markSent(form);
      addOut.replaceChildren(alertBox('ok', lib.fmt(m.queued, { primitive, n: r.body.queued })));
      loadQueued();
    });
    const add = h('section', { class: 'card', id: 'mock-form' }, h('h2', {}, m.addTitle), h('p', { class: 'muted small' }, m.addIntro), form, addOut);

    // ---- history: what it received and answered ----
    function historyTable(columns, rows) {
      if (!rows.length) return h('p', { class: 'muted' }, t.empty);
      const exchange = (e) =>
        h(
          'tr',
          { class: 'mock-exchange', 'data-exchange': e.id },
          h(
            'td',
            { colspan: columns.length },
            h(
              'div',
              { class: 'grid2' },
              xmlBlock({ key: 'mock-request-' + e.id, title: m.request, text: e.request }),
              xmlBlock({ key: 'mock-response-' + e.id, title: m.response, text: e.response }),
            ),
          ),
        );
      const body = [];
      for (const e of rows) {
        const row = h(
          'tr',
          { class: 'clickable', 'aria-expanded': String(opened.has(e.id)) },
          columns.map((c) => h('td', { class: c[2] }, c[1](e))),
        );
        // the exchange opens under its row, in place: nothing is fetched, the page is not redrawn
        row.addEventListener('click', (ev) => {
          if (ev.target.closest('a, button')) return;
          if (opened.has(e.id)) {
            opened.delete(e.id);
            if (row.nextSibling && row.nextSibling.classList.contains('mock-exchange')) row.nextSibling.remove();
          } else {
            opened.add(e.id);
            row.after(exchange(e));
          }
          row.setAttribute('aria-expanded', String(opened.has(e.id)));
        });
        body.push(row);
        if (opened.has(e.id)) body.push(exchange(e));
      }
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
    const history = pagedList({
      id: 'mock-history',
      title: m.historyTitle,
      url: BASE + '/history',
      limit: 15,
      filters: [
        { name: 'primitive', label: t.primitive, type: cfg.mockPrimitives },
        { name: 'noticeNumber', label: t.noticeNumber, size: 20 },
      ],
      table: historyTable,
      actions: (_st, reload) =>
        h(
          'div',
          { class: 'toolbar' },
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              id: 'mock-clear-history',
              onclick: async () => {
                const r = await api(BASE + '/history', { method: 'DELETE', headers: { Accept: 'application/json' } });
                if (!r.ok) return lib.flash.replaceChildren(problemBox(r));
                opened.clear();
                reload();
              },
            },
            m.clearHistory,
          ),
        ),
      columns: [
        ['#', (e) => h('button', { type: 'button', class: 'link', 'aria-label': m.showXml + ' ' + e.id }, String(e.id)), 'num'],
        [t.at, (e) => time(e.at)],
        [t.primitive, (e) => h('strong', {}, e.primitive)],
        [t.noticeNumber, (e) => noticeLink(e.noticeNumber)],
        [t.station, (e) => mono(e.idStation)],
        [m.answer, (e) => (e.override ? badge(e.override) : small(m.normal))],
        [t.httpStatus, (e) => (e.httpStatus === null ? small(m.noAnswer) : String(e.httpStatus)), 'num'],
      ],
    });
    // the row's own button opens it too (keyboard users)
    history.addEventListener('click', (ev) => {
      const b = ev.target.closest('button.link');
      if (b) b.closest('tr').dispatchEvent(new MouseEvent('click', { bubbles: false }));
    });

    return h('div', { class: 'dash-mock' }, h('p', { class: 'small' }, m.intro), h('div', { class: 'grid2' }, add, queued), history);
  }

  const ns = (window.NodoDashboard = window.NodoDashboard || { tabs: {} });
  ns.tabs.mockEc = mockEcTab;
})();
