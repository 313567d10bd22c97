import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM } from './crossChecks';

export { CHROMIUM };

/**
 * Headless chromium with the flags this machine needs: no sandbox (root), and no background networking,
 * whose connections the closed network refuses many at a time. playwright gives every launch a fresh
 * temporary profile.
 */
export async function launchBrowser(): Promise<{ browser: Browser; newContext(): Promise<BrowserContext>; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (.ci/run does)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    newContext: () => browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } }),
    close: () => browser.close(),
  };
}
