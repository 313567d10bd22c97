/*
 * The checkout pages' one script (GET /checkout/carts/{id}): served from /assets, as the pages' CSP
 * forbids inline scripts. The pages work without it; it only adds what the server cannot know:
 *   - the Pay button and the fee line follow the chosen method (each radio carries its own label and fee,
 *     formatted by the server, so page and script never format money differently);
 *   - times (<time data-local datetime="ISO">, written in UTC by the server) are shown in the browser's
 *     own time zone.
 */
(function () {
  'use strict';

  const lang = document.documentElement.lang === 'en' ? 'en-GB' : 'it-IT';

  const pay = document.querySelector('button[name=action][value=pay]');
  const fee = document.querySelector('[data-testid=fee]');
  const feeLabel = document.querySelector('[data-testid=fee-label]');
  const withFee = document.querySelector('[data-testid=total-with-fee]');
  function follow(radio) {
    if (!radio || !radio.checked) return;
    if (pay && radio.dataset.pay) pay.textContent = radio.dataset.pay;
    if (fee && radio.dataset.fee) fee.textContent = radio.dataset.fee;
    if (feeLabel && radio.dataset.feeLabel) feeLabel.textContent = radio.dataset.feeLabel;
    if (withFee && radio.dataset.total) withFee.textContent = radio.dataset.total;
  }
  for (const radio of document.querySelectorAll('input[name=method]')) {
    radio.addEventListener('change', () => follow(radio));
    // a method the browser restored on back/forward
    follow(radio);
  }

  const clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  for (const el of document.querySelectorAll('time[data-local]')) {
    const d = new Date(el.getAttribute('datetime'));
    if (Number.isNaN(d.getTime())) continue;
    el.title = d.toISOString();
    el.textContent = clock.format(d);
  }
})();
