/*
 * The dashboard's first tab (#home): what a newcomer does first. Pay a demo notice in one click (POST
 * /admin/demo-payment, then the payment's timeline opens), or put one in a cart and pay it on the checkout
 * page as a citizen would; the endpoints to point a PSP or EC at; the latest exchanges. Loaded before
 * dashboard.js, which hands it its helpers as `lib`.
 */
(function () {
  'use strict';

  function homeTab(lib) {
    const { h, t, flash, post, fmt, euro, small, badge, time, facts, problemBox, alertBox, tokenLink, noticeLink, go, pagedList } = lib;
    const payOut = h('div');
    // one click: POST /admin/demo-payment publishes a notice and pays it as the demo PSP, then its timeline opens
    const pay = h(
      'button',
      {
        type: 'button',
        class: 'primary',
        id: 'demo-pay',
        onclick: async () => {
          pay.disabled = true;
          payOut.replaceChildren(h('p', { class: 'muted small' }, t.demoPaying));
          const r = await post('/admin/demo-payment');
          pay.disabled = false;
          if (!r.ok) return payOut.replaceChildren(problemBox(r));
          payOut.replaceChildren();
          flash.replaceChildren(
            alertBox('ok', fmt(t.demoPaid, { notice: r.body.noticeNumber, ec: r.body.fiscalCode, amount: euro(r.body.amountCents) }), ' ', tokenLink(r.body.token)),
          );
          go('#payments/' + r.body.token);
        },
      },
      t.demoPay,
    );
    const payCard = h('section', { class: 'card', id: 'demo-payment' }, h('h2', {}, t.demoPayTitle), h('p', { class: 'small' }, t.demoPayIntro), h('p', {}, pay), payOut);
    const origin = location.origin;
    const endpoint = (label, path, note) => [label, [h('a', { href: path, class: 'mono' }, origin + path), note ? [' ', small(note)] : null]];
    const endpoints = h(
      'section',
      { class: 'card soft' },
      h('h2', {}, t.endpointsTitle),
      facts([
        endpoint(t.endpointPsp, '/node-for-psp/v1?wsdl', 'nodeForPsp'),
        endpoint(t.endpointPa, '/node-for-pa/v1?wsdl', 'nodeForPa'),
        endpoint(t.endpointMockEc, '/mock-ec/v1?wsdl', 'paForNode'),
        endpoint(t.endpointAdmin, '/admin'),
        endpoint(t.endpointApiDocs, '/api-docs', 'OpenAPI'),
        endpoint(t.endpointHealth, '/health'),
      ]),
    );
    const recent = pagedList({
      id: 'recent',
      title: t.recentTitle,
      url: '/admin/journal',
      limit: 8,
      columns: [
        ['#', (j) => h('a', { href: '#journal/' + j.id }, j.id), 'num'],
        [t.at, (j) => time(j.at)],
        [t.operation, (j) => [h('strong', {}, j.operation || '?'), ' ', small(j.direction === 'out' ? '→ EC' : '')]],
        [t.noticeNumber, (j) => noticeLink(j.noticeNumber)],
        [t.outcome, (j) => [badge(j.outcome), j.faultCode ? [' ', small(j.faultCode)] : null]],
      ],
      rowHref: (j) => '#journal/' + j.id,
    });
    return h('div', { class: 'grid2 dash-home' }, h('div', {}, payCard, demoCartCard(lib), endpoints), recent);
  }

  /** a fresh notice in a cart: the checkout page pays it as a citizen would */
  function demoCartCard(lib) {
    const { h, t, locale, post, fmt, alertBox, problemBox, markSent } = lib;
    const demoOut = h('div');
    const amount = h('input', { type: 'text', id: 'demo-amount', value: (15).toLocaleString(locale, { minimumFractionDigits: 2 }), size: 10, inputmode: 'decimal' });
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, t.demoTitle),
      h('p', { class: 'muted small' }, t.demoIntro),
      h(
        'form',
        {
          class: 'toolbar',
          onsubmit: async (ev) => {
            ev.preventDefault();
            const euros = Number(amount.value.trim().replace(/\s/g, '').replace(',', '.'));
            const cents = Math.round(euros * 100);
            if (!Number.isFinite(euros) || cents < 1) return demoOut.replaceChildren(alertBox('warn', t.badAmount));
            markSent(ev.target);
            const r = await post('/admin/demo-cart', { amountCents: cents });
            demoOut.replaceChildren(
              r.ok
                ? alertBox(
                    'ok',
                    fmt(t.demoCreated, { notice: r.body.noticeNumber, ec: r.body.fiscalCode, cart: r.body.cartId }),
                    ' ',
                    h('a', { href: r.body.checkoutUrl, target: '_blank', rel: 'noopener', class: 'button primary small', id: 'demo-checkout' }, t.openCheckout),
                  )
                : problemBox(r),
            );
          },
        },
        h('div', { class: 'field' }, h('label', { for: 'demo-amount' }, t.demoAmount), amount),
        h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary small' }, t.demoCreate)),
      ),
      demoOut,
    );
  }

  const ns = (window.NodoDashboard = window.NodoDashboard || { tabs: {} });
  ns.tabs.home = homeTab;
})();
