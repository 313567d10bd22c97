import { ARCHIVE_SEGREGATION_CODE } from '../../src/ec/demoNotices';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { expectOpenApiResponse } from '../helpers/openapi';

export const ACA_SPEC = 'pagopa-api/openapi/paCreatePosition.json';
export const GPD_SPEC = 'pagopa-api/openapi/gpd-4-aca.json';
export const KEY_66 = 'demo-ec-66666666666';
export const KEY_88 = 'demo-ec-88888888888';
export const KEY_BROKER = 'demo-broker-66666666666';

let counter = 0;
/**
 * A fresh notice number of EC 66666666666's archive station (aux digit 3, ARCHIVE_SEGREGATION_CODE): base13
 * starts with 7, unlike the demo notices (00000000000NN), so nothing collides.
 */
export function freshArchiveNav(): { nav: string; iuv: string } {
  counter = (counter + 1) % 1000;
  const base = `7${String(Date.now() % 1e9).padStart(9, '0')}${String(counter).padStart(3, '0')}`;
  const nav = buildNoticeNumber(3, ARCHIVE_SEGREGATION_CODE, base);
  return { nav, iuv: nav.slice(1) };
}

export interface Answer {
  status: number;
  body: unknown;
  contentType: string | null;
}

/** One REST call; the body is parsed as JSON whenever there is one. */
export async function call(baseUrl: string, method: string, path: string, opts: { key?: string | null; body?: unknown; raw?: string; contentType?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (opts.key !== null) headers['Ocp-Apim-Subscription-Key'] = opts.key ?? KEY_66;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, contentType: res.headers.get('content-type') };
}

/** The call, with its answer checked against the official OpenAPI operation. */
export async function checked(file: string, specPath: string, baseUrl: string, method: string, path: string, opts: Parameters<typeof call>[3] = {}): Promise<Answer> {
  const a = await call(baseUrl, method, path, opts);
  expectOpenApiResponse(file, specPath, method, a.status, a.body);
  return a;
}

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
