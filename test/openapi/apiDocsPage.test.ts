import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { describeWith } from '../helpers/crossChecks';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * /api-docs in a real browser (Debian's chromium): swagger-ui shows the admin document first, the top bar
 * switches to another document, "Try it out" calls this very server, and nothing is fetched from anywhere
 * but 127.0.0.1 (no CDN, no online validator), with no script error and no CSP violation.
 */
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let server: RunningServer;
let page: Page;
const requests: string[] = [];
const problems: string[] = [];

describeWith('chromium')('the API documents page', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ db: 'sqlite::memory:' });
    page = await (await browser.newContext()).newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (err) => problems.push(String(err)));
    // a CSP violation is reported on the console as an error
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  });
  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await server?.stop();
  });

  const operation = (p: string) => page.locator(`.opblock-summary-path[data-path="${p}"]`).first();

  it('opens on the admin document, its operations rendered', async () => {
    await page.goto(`${server.baseUrl}/api-docs`);
    await operation('/admin/journal').waitFor();
    expect(await page.locator('.info .title').first().textContent()).toContain('pagopa-node-emulator operator API');
    await operation('/admin/reset').waitFor();
    await operation('/health').waitFor();
    // every document is in the top bar's list
    const listed = await page.locator('.topbar select option').allTextContents();
    expect(listed).toEqual(expect.arrayContaining(['pagopa-node-emulator operator API', 'pagopa-node-emulator mock EC control API']));
  });

  it('switches to the mock EC document from the top bar', async () => {
    await page.selectOption('.topbar select', { label: 'pagopa-node-emulator mock EC control API' });
    await operation('/mock-ec/v1/response/{primitive}').waitFor();
    await operation('/mock-ec/info').waitFor();
    expect(await operation('/admin/journal').count()).toBe(0);
  });

  it('"Try it out" calls this server: GET /admin/clock answers 200 with the clock', async () => {
    await page.goto(`${server.baseUrl}/api-docs?doc=admin#/state/getClock`);
    const block = page.locator('#operations-state-getClock');
    await block.locator('.opblock-body').waitFor();
    await block.locator('button.try-out__btn').click();
    await block.locator('button.execute').click();
    const status = block.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('200');
    expect(await block.locator('.live-responses-table tr.response .response-col_description').first().textContent()).toContain('offsetMs');
    expect(requests).toContain(`${server.baseUrl}/admin/clock`);
  });

  it('asked nothing of any host but this server, and hit no script error or CSP violation', () => {
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((u) => !u.startsWith(`${server.baseUrl}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
