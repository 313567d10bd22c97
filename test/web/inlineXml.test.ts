import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { describeWith } from '../helpers/crossChecks';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { admin } from '../helpers/soap';

/**
 * The dashboard shows XML, it does not only download it (issue 15 item 7): a journal exchange's request
 * and response, a receipt, a reporting flow, indented in a scrollable box with a copy button and the
 * download link beside it. The formatter (web/xmlView.js) keeps every text exactly and falls back to the
 * text as it came when it is not XML.
 */
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let server: RunningServer;
let page: Page;
const errors: string[] = [];
let payment: { noticeNumber: string; token: string };

beforeAll(async () => {
  server = await startServer({ db: `sqlite:${tempDir()}/nodo.sqlite` });
  browser = await launchBrowser();
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  page = await context.newPage();
  page.on('pageerror', (err) => errors.push(String(err)));
  const paid = await admin<{ noticeNumber: string; token: string }>(server.baseUrl, '/admin/demo-payment', { method: 'POST' });
  expect(paid.status).toBe(201);
  payment = paid.body;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** XML without the whitespace between tags: what formatting may change, and nothing else */
const squeeze = (xml: string) => xml.replace(/>\s+</g, '><').trim();

describeWith('chromium')('inline XML on the dashboard', () => {
  it('the formatter indents elements and keeps text, attributes, CDATA, comments and mixed content exact', async () => {
    await page.goto(`${server.baseUrl}/#journal`);
    // evaluated in the page (no DOM types here): the formatter web/xmlView.js registers
    const format = (text: string) => page.evaluate<{ text: string; kind: string }>(`window.NodoDashboard.xml.format(${JSON.stringify(text)})`);
    const xml = `<?xml version="1.0" encoding="UTF-8"?><a:env xmlns:z="urn:z" xmlns:a="urn:a" v='x &amp; "y"&#10;z' w="a>b"><a:body><leaf>  two  spaces &lt;kept&gt; &#233;</leaf><empty /><!-- a note --><mixed>text <b>bold</b> tail</mixed><data><![CDATA[<raw> & ]]></data></a:body></a:env>`;
    const f = await format(xml);
    expect(f.kind).toBe('xml');
    // every tag and text as written (attribute order, quotes, entities): only the layout is new
    expect(f.text).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<a:env xmlns:z="urn:z" xmlns:a="urn:a" v='x &amp; "y"&#10;z' w="a>b">`,
        '  <a:body>',
        '    <leaf>  two  spaces &lt;kept&gt; &#233;</leaf>',
        '    <empty />',
        '    <!-- a note -->',
        '    <mixed>text <b>bold</b> tail</mixed>',
        '    <data><![CDATA[<raw> & ]]></data>',
        '  </a:body>',
        '</a:env>',
      ].join('\n'),
    );
    expect(squeeze(f.text)).toBe(xml);
    // formatted output parses back to the same document
    expect(await format(f.text)).toEqual(f);
    expect(await format('<a><b></a>')).toEqual({ kind: 'text', text: '<a><b></a>' });
    expect(await format('GET /bizevents/service/v1/x HTTP/1.1')).toEqual({ kind: 'text', text: 'GET /bizevents/service/v1/x HTTP/1.1' });
    expect(await format('{"a":[1,{"b":"c"}]}')).toEqual({ kind: 'json', text: '{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ]\n}' });
  });

  it('a journal exchange opens with its request and response indented, copyable, downloadable', async () => {
    await page.goto(`${server.baseUrl}/#journal`);
    const row = page.locator('#list-journal tbody tr', { hasText: 'activatePaymentNotice' }).first();
    await row.locator('td').nth(1).click();
    await page.waitForURL(/#journal\/\d+$/);
    const id = Number(new URL(page.url()).hash.split('/')[1]);
    const detail = page.locator('#journal-detail');
    await detail.locator('h2', { hasText: 'activatePaymentNotice' }).waitFor();
    expect(await detail.locator('dl').textContent()).toContain(payment.token);

    const request = detail.locator('.xml-block', { hasText: 'Richiesta' });
    const response = detail.locator('.xml-block', { hasText: 'Risposta' });
    await response.locator('pre', { hasText: payment.token }).waitFor();
    const shown = (await request.locator('pre').textContent())!;
    const raw = await (await fetch(`${server.baseUrl}/admin/journal/${id}/request.xml`)).text();
    expect(shown.split('\n').length).toBeGreaterThan(10);
    expect(shown).toMatch(/\n {4}<nfpsp:activatePaymentNoticeReq>\n {6}<idPSP>60000000001<\/idPSP>\n/);
    expect(squeeze(shown)).toBe(squeeze(raw));
    // the password stays masked, as in the journal
    expect(shown).toContain('<password>***</password>');
    expect(await response.locator('pre').textContent()).toContain(`<paymentToken>${payment.token}</paymentToken>`);

    expect(await request.locator('a', { hasText: 'Scarica' }).getAttribute('href')).toBe(`/admin/journal/${id}/request.xml`);
    expect(await request.locator('a', { hasText: 'Scarica' }).getAttribute('download')).toBe('');
    await request.locator('button', { hasText: 'Copia' }).click();
    await request.locator('button', { hasText: 'Copiato' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(shown);
  });

  it('an EC call (out) is shown the same way; an unknown entry is the API’s 404', async () => {
    await page.goto(`${server.baseUrl}/#journal`);
    await page.locator('#list-journal tbody tr', { hasText: 'paGetPayment' }).first().locator('td').nth(1).click();
    const detail = page.locator('#journal-detail');
    await detail.locator('dd', { hasText: 'out (nodo → EC)' }).waitFor();
    await detail.locator('.xml-block', { hasText: 'Richiesta' }).locator('pre', { hasText: '<idStation>66666666666_03</idStation>' }).waitFor();
    await page.goto(`${server.baseUrl}/#journal/999999`);
    await page.locator('#journal-detail .alert.ko', { hasText: 'no journal entry 999999' }).waitFor();
  });

  it('a reporting flow shows its XML inline', async () => {
    // the day the demo payment was made, as the job counts days (Europe/Rome)
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Rome' });
    const run = await admin<{ processed: number }>(server.baseUrl, '/admin/jobs/generateReportingFlows/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ date: today }),
    });
    expect(run.body.processed).toBeGreaterThan(0);
    await page.goto(`${server.baseUrl}/#reporting`);
    await page.locator('.dash-list tbody tr a').first().click();
    const xml = page.locator('#reporting-detail .xml-block');
    await xml.locator('pre', { hasText: payment.noticeNumber.slice(1) }).waitFor();
    const text = (await xml.locator('pre').textContent())!;
    expect(text.split('\n').length).toBeGreaterThan(10);
    expect(await xml.locator('a', { hasText: 'Scarica' }).getAttribute('href')).toMatch(/^\/admin\/reporting\/flows\/\d+\/flow\.xml$/);
    expect(errors).toEqual([]);
  });
});
