import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { ROOT, startServer, tempDir, type RunningServer } from '../helpers/server';
import { freshNav, publishNotice } from '../receipts/helpers';
import { EC_KEY } from './ecServer';

/**
 * The checkout page's pictures for the README, 1280 wide (at least 900 high, the whole page):
 *   docs/checkout.png         a cart of 2 notices, in Italian
 *   docs/checkout-en.png      the same cart in English
 *   docs/checkout-manual.png  manual entry with both fields wrong: every error at its field, required fields marked
 * Not a test (no `.test.ts`, so `npm test` skips it); run it by hand after `npm run build`:
 *   npx jest --testMatch '**\/test/checkout/screenshots.ts' test/checkout/screenshots.ts
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ db: `sqlite:${path.join(tempDir(), 'nodo.sqlite')}` });
});
afterAll(async () => {
  await server?.stop();
});

const DOCS = path.join(ROOT, 'docs');

/** The whole page (the cart's Cancel button sits below 900 px), 1280 wide. */
async function shoot(page: Page, file: string): Promise<void> {
  fs.mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path: path.join(DOCS, file), fullPage: true });
}

it('takes docs/checkout.png, docs/checkout-en.png and docs/checkout-manual.png', async () => {
  // a cart as an EC's web application would create it: a waste tax instalment and a school canteen fee
  const notices = [
    { nav: freshNav('03'), cents: 12_450, description: 'TARI 2026 - rata 1 di 2' },
    { nav: freshNav('03'), cents: 3_600, description: 'Refezione scolastica - marzo' },
  ];
  for (const n of notices) await publishNotice(server.baseUrl, n.nav, [{ cents: n.cents }]);
  const res = await fetch(`${server.baseUrl}/checkout/ec/v2/carts`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': EC_KEY },
    body: JSON.stringify({
      paymentNotices: notices.map((n) => ({ noticeNumber: n.nav, fiscalCode: '66666666666', amount: n.cents, companyName: 'Comune di Test', description: n.description })),
      returnUrls: {
        returnOkUrl: 'https://ec.example.org/ok',
        returnCancelUrl: 'https://ec.example.org/cancel',
        returnErrorUrl: 'https://ec.example.org/error',
        returnWaitingUrl: 'https://ec.example.org/waiting',
      },
      emailNotice: 'mario.rossi@example.org',
    }),
  });
  if (res.status !== 302) throw new Error(`cart: HTTP ${res.status} ${await res.text()}`);
  const cartUrl = res.headers.get('location')!;

  const browser = await launchBrowser();
  try {
    const italian = await (await browser.newContext()).newPage();
    await italian.goto(`${cartUrl}?lang=it`);
    await italian.locator('[data-testid=total]').waitFor();
    await shoot(italian, 'checkout.png');

    const en = await (await browser.newContext()).newPage();
    await en.goto(`${cartUrl}?lang=en`);
    await en.locator('[data-testid=total]').waitFor();
    await shoot(en, 'checkout-en.png');

    const manual = await (await browser.newContext()).newPage();
    await manual.goto(`${server.baseUrl}/checkout?lang=it`);
    await manual.fill('#fiscalCode', '6666666');
    await manual.fill('#noticeNumber', '30212345');
    await Promise.all([manual.waitForNavigation(), manual.click('button[name=action][value=verify]')]);
    await manual.locator('[data-testid=errors]').waitFor();
    await shoot(manual, 'checkout-manual.png');
  } finally {
    await browser.close();
  }
});
