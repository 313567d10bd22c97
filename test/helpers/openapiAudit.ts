/**
 * The audit that keeps the REST handlers and openapi/*.yaml together (jest setupFilesAfterEnv, every black-box
 * suite): `fetch` in the test process is wrapped, and every answer from a server on this machine whose path one
 * of our documents claims (x-path-prefixes: /admin, /mock-ec, …) is cloned and checked with
 * ownOpenapiViolations. The test during which an answer broke its document fails, after it ran, with the list.
 * Paths no document claims (SOAP endpoints, ?wsdl, the pages, /assets, /api-docs) are not looked at; the SOAP
 * endpoints under /mock-ec are left out by name, as their WSDL, not OpenAPI, describes them.
 *
 * A test file that must send answers no document could declare turns it off with `openapiAudit(false)`
 * (a global flag, so the file and this setup share it whatever module registry they load from).
 */
import { afterAll, afterEach } from '@jest/globals';
import { ownOpenapiViolations } from './ownOpenapi';

const FLAG = Symbol.for('pagopa-node-emulator.openapiAudit');
type Global = typeof globalThis & { [FLAG]?: boolean };

/** Turns the audit off (or on again) for the rest of the current test file. */
export function openapiAudit(on: boolean): void {
  (globalThis as Global)[FLAG] = on;
}

/** The SOAP endpoints under a claimed prefix: POST is paForNode SOAP, GET ?wsdl its WSDL. */
const SOAP_PATHS = new Set(['/mock-ec', '/mock-ec/', '/mock-ec/v1', '/mock-ec/v1/']);
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
// a body that never ends (a held answer the test gave up on) is not waited for past this
const READ_TIMEOUT_MS = 15_000;

const pending: Promise<void>[] = [];
const violations: string[] = [];

const realFetch = globalThis.fetch;
if (realFetch && !(realFetch as { audited?: boolean }).audited) {
  const audited: typeof fetch = async (input, init) => {
    const res = await realFetch(input, init);
    if ((globalThis as Global)[FLAG] === false) return res;
    try {
      const asked = input instanceof Request ? input : undefined;
      const url = new URL(res.url || (asked ? asked.url : String(input)));
      // a redirect followed by fetch ends with a GET of the last URL
      const method = res.redirected ? 'GET' : (init?.method ?? asked?.method ?? 'GET').toUpperCase();
      if (LOCAL_HOSTS.has(url.hostname) && !SOAP_PATHS.has(url.pathname)) pending.push(check(method, url.pathname, res.clone()));
    } catch (err) {
      violations.push(`openapi audit could not look at an answer: ${(err as Error).message}`);
    }
    return res;
  };
  (audited as { audited?: boolean }).audited = true;
  globalThis.fetch = audited;
}

async function check(method: string, path: string, res: Response): Promise<void> {
  const contentType = res.headers.get('content-type');
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const json = type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
  let timer: NodeJS.Timeout | undefined;
  const text = await Promise.race([
    // binary answers (a ZIP) are checked by their media type only; no Content-Type: read, to see it is empty
    type === '' || json || type.startsWith('text/') || type.includes('xml') || type.includes('yaml') ? res.text() : res.arrayBuffer().then(() => '(binary)'),
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), READ_TIMEOUT_MS))),
  ]).finally(() => clearTimeout(timer));
  if (text === undefined) return;
  let body: unknown = text;
  if (json) {
    try {
      body = text === '' ? '' : JSON.parse(text);
    } catch {
      violations.push(`${method} ${path} → ${res.status} ${contentType}: the body is not JSON: ${text.slice(0, 200)}`);
      return;
    }
  }
  violations.push(...ownOpenapiViolations(method, path, res.status, contentType, body));
}

async function report(): Promise<void> {
  await Promise.allSettled(pending.splice(0));
  const found = violations.splice(0);
  if (found.length) throw new Error(`answers that break their OpenAPI document (openapi/*.yaml):\n- ${found.join('\n- ')}`);
}

afterEach(report);
// what beforeAll/afterAll fetched after the last test
afterAll(report);
