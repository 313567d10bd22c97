import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, it } from '@jest/globals';
import { launchBrowser } from '../helpers/browser';
import { ROOT, startServer, tempDir, type RunningServer } from '../helpers/server';
import { freshNotice, NodeForPsp, type SoapResult } from '../helpers/soap';

/**
 * docs/dashboard.png for the README: the payments tab with a token's timeline open, 1280 px wide. Not a
 * test (no `.test.ts`, so `npm test` skips it); run it by hand after `npm run build`:
 *   npx jest --testMatch '**\/test/web/screenshots.ts' test/web/screenshots.ts
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ db: `sqlite:${path.join(tempDir(), 'nodo.sqlite')}` });
});
afterAll(async () => {
  await server?.stop();
});

it('takes docs/dashboard.png', async () => {
  const nodo = await NodeForPsp.connect(server.wsdlUrl);
  const token = (r: { result: SoapResult }) => r.result.paymentToken as string;
  // a few payments in different states, so the list under the timeline looks like a working day
  const failed = token(await nodo.activate(freshNotice()));
  await nodo.outcome(failed, 'KO', { details: null });
  await nodo.activate(freshNotice());
  const paid = token(await nodo.activateV2(freshNotice()));
  await nodo.outcomeV2([paid], 'OK');
  const v1 = token(await nodo.activate(freshNotice(), { amount: '10.00' }));
  await nodo.outcome(v1, 'OK');

  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.baseUrl}/#payments/${paid}`);
    await page.locator('#token-detail .timeline').waitFor();
    await page.locator('#list-payments .page-of').waitFor();
    fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'docs/dashboard.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});
