import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { expectOpenApiResponse } from '../helpers/openapi';
import { startServer, type RunningServer } from '../helpers/server';
import { advanceClock, NodeForPsp } from '../helpers/soap';
import { EC, EC2 } from '../receipts/helpers';
import { DAY_MS, FDR_ORG_SPEC, generate, orgGet, payADay, PSP_ID } from './paidDay';

const KEY = 'demo-ec-66666666666';
const LIST = '/organizations/{organizationId}/fdrs';
const ONE = '/organizations/{organizationId}/fdrs/{fdr}/revisions/{revision}/psps/{pspId}';
const PAYMENTS = `${ONE}/payments`;

/**
 * The fdr-org API (spec reporting.md §4, fdr_organization.json) over HTTP: the list of latest revisions with
 * its default windows on the injected clock, one revision, its payments paged by index, and every refusal in
 * FDR's ErrorResponse with its literal message. Flows come from the generator (the node's own receipts).
 */
describe.each(DATABASE_IDS)('fdr-org on %s', (_id, database) => {
  let server: RunningServer;
  let fdr: string;
  const get = async (specPath: string, path: string, key: string | null = KEY) => {
    const a = await orgGet(server.baseUrl, path, key);
    // 401/403 are the gateway's (problem JSON), not in the file
    if (a.status !== 401 && a.status !== 403) expectOpenApiResponse(FDR_ORG_SPEC, specPath, 'get', a.status, a.json);
    return a;
  };
  const fdrError = (a: { status: number; json: any }, status: number, code: string, message: string, path?: string) => {
    expect(a.status).toBe(status);
    expect(a.json).toEqual({
      httpStatusCode: status,
      httpStatusDescription: status === 404 ? 'Not Found' : 'Bad Request',
      appErrorCode: code,
      errors: [{ ...(path ? { path } : {}), message }],
    });
  };

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    await payADay(server.baseUrl, await NodeForPsp.connect(server.wsdlUrl));
    const r = await generate(server.baseUrl);
    fdr = r.body.flows.find((f) => f.organizationId === EC)!.fdr;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the latest revisions with the default windows, {metadata, count, data}', async () => {
    const a = await get(LIST, `/organizations/${EC}/fdrs`);
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ metadata: { pageSize: 1000, pageNumber: 1, totPage: 1 }, count: 1 });
    expect(a.json.data).toEqual([{ fdr, pspId: PSP_ID, revision: 1, published: expect.stringMatching(/Z$/), flowDate: expect.stringMatching(/Z$/) }]);
    // a broker key acts for the ECs of its stations
    expect((await get(LIST, `/organizations/${EC}/fdrs`, 'demo-broker-66666666666')).json?.count ?? 'no broker key').toBe(1);
  });

  it('filters: pspId, publishedGt, flowDate (strictly after)', async () => {
    expect((await get(LIST, `/organizations/${EC}/fdrs?pspId=${PSP_ID}`)).json.count).toBe(1);
    expect((await get(LIST, `/organizations/${EC}/fdrs?pspId=36892710904`)).json.count).toBe(0);
    const published = (await get(LIST, `/organizations/${EC}/fdrs`)).json.data[0].published as string;
    expect((await get(LIST, `/organizations/${EC}/fdrs?publishedGt=${published}`)).json).toEqual({ metadata: { pageSize: 1000, pageNumber: 1, totPage: 0 }, count: 0, data: [] });
    const before = new Date(Date.parse(published) - 1000).toISOString();
    expect((await get(LIST, `/organizations/${EC}/fdrs?publishedGt=${before}&flowDate=${before}`)).json.count).toBe(1);
  });

  it('one revision, with two-decimal amounts and ISO UTC instants', async () => {
    const a = await get(ONE, `/organizations/${EC}/fdrs/${fdr}/revisions/1/psps/${PSP_ID}`);
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ status: 'PUBLISHED', revision: 1, fdr, computedTotPayments: 3, computedSumPayments: 65, totPayments: 3, sumPayments: 65 });
    expect(a.json.receiver).toEqual({ id: EC, organizationId: EC, organizationName: expect.any(String) });
    expect(a.text).toContain('"sumPayments":65.00');
  });

  it('payments paged by index', async () => {
    const p1 = await get(PAYMENTS, `/organizations/${EC}/fdrs/${fdr}/revisions/1/psps/${PSP_ID}/payments?size=2`);
    expect(p1.json.metadata).toEqual({ pageSize: 2, pageNumber: 1, totPage: 2 });
    expect(p1.json.count).toBe(3);
    expect(p1.json.data.map((p: any) => p.index)).toEqual([1, 2]);
    const p2 = await get(PAYMENTS, `/organizations/${EC}/fdrs/${fdr}/revisions/1/psps/${PSP_ID}/payments?size=2&page=2`);
    expect(p2.json.data.map((p: any) => p.index)).toEqual([3]);
    const p3 = await get(PAYMENTS, `/organizations/${EC}/fdrs/${fdr}/revisions/1/psps/${PSP_ID}/payments?size=2&page=3`);
    expect(p3.json.data).toEqual([]);
  });

  it('keys: missing or unknown → 401, another EC → 403', async () => {
    expect((await get(LIST, `/organizations/${EC}/fdrs`, null)).status).toBe(401);
    expect((await get(LIST, `/organizations/${EC}/fdrs`, 'no-such-key')).status).toBe(401);
    expect((await get(LIST, `/organizations/${EC}/fdrs`, 'demo-ec-88888888888')).status).toBe(403);
    expect((await get(ONE, `/organizations/${EC}/fdrs/${fdr}/revisions/1/psps/${PSP_ID}`, 'demo-ec-88888888888')).status).toBe(403);
  });

  it('list refusals: FDR-1000 (old filters, size), FDR-1002, FDR-2000', async () => {
    const old = new Date(Date.now() - 40 * DAY_MS).toISOString();
    for (const q of [`publishedGt=${old}`, `flowDate=${old}`]) {
      const a = await get(LIST, `/organizations/${EC}/fdrs?${q}`);
      expect(a.status).toBe(400);
      expect(a.json.appErrorCode).toBe('FDR-1000');
      expect(a.json.errors.map((e: any) => e.message)).toEqual(['The date cannot be older than 1 months.']);
    }
    for (const [q, message] of [
      ['size=0', 'must be greater than or equal to 1'],
      ['size=1001', 'must be less than or equal to 1000'],
      ['page=0', 'must be greater than or equal to 1'],
    ]) {
      const a = await get(LIST, `/organizations/${EC}/fdrs?${q}`);
      expect(a.json.appErrorCode).toBe('FDR-1000');
      expect(a.json.errors.map((e: any) => e.message)).toEqual([message]);
    }
    fdrError(
      await get(LIST, `/organizations/${EC}/fdrs?publishedGt=yesterday`),
      400,
      'FDR-1002',
      'Bad request. Field [publishedGt] is equals to [yesterday] but it is expected to be in ISO-8601 format [yyyy-MM-ddTHH:mm:ssZ] (example: [2025-01-01T12:00:00.123000Z]).',
    );
    fdrError(await get(LIST, `/organizations/${EC}/fdrs?pspId=99999999999`), 400, 'FDR-2000', 'PSP with ID [99999999999] is invalid or unknown.');
  });

  it('single-flow refusals in the order PSP → EC → name → 3001', async () => {
    const one = (org: string, name: string, rev: number | string, psp: string, key = KEY) => get(ONE, `/organizations/${org}/fdrs/${name}/revisions/${rev}/psps/${psp}`, key);
    fdrError(await one(EC, 'bad-name', 1, '99999999999'), 400, 'FDR-2000', 'PSP with ID [99999999999] is invalid or unknown.');
    fdrError(await one(EC, 'bad-name', 1, PSP_ID), 400, 'FDR-3008', 'Flow identifier [bad-name] contains a date that is not compliant.');
    const other = `${fdr.slice(0, 10)}36892710904-0001`;
    fdrError(await one(EC, other, 1, PSP_ID), 400, 'FDR-3009', `Flow identifier [${other}] contains a PSP ID that is not compliant.`);
    fdrError(await one(EC, fdr, 2, PSP_ID), 404, 'FDR-3001', `Flow with ID [${fdr}] not found.`);
    // EC2's own key on EC2's path, asking for EC's flow: as unknown as a flow that does not exist
    fdrError(await one(EC2, fdr, 1, PSP_ID, 'demo-ec-88888888888'), 404, 'FDR-3001', `Flow with ID [${fdr}] not found.`);
    const payments = await get(PAYMENTS, `/organizations/${EC}/fdrs/${fdr}/revisions/7/psps/${PSP_ID}/payments`);
    fdrError(payments, 404, 'FDR-3001', `Flow with ID [${fdr}] not found.`);
  });

  it('the default windows follow the injected clock: a month later the flow is out of the list, still readable by revision', async () => {
    expect((await advanceClock(server.baseUrl, 32 * DAY_MS)).status).toBe(200);
    expect((await get(LIST, `/organizations/${EC}/fdrs`)).json.count).toBe(0);
    expect((await get(ONE, `/organizations/${EC}/fdrs/${fdr}/revisions/1/psps/${PSP_ID}`)).status).toBe(200);
  });
});
