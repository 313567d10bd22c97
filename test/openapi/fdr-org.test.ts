import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBody, EC, flowName, payment, PSP, PSP_KEY } from '../fdr/pspClient';
import { DATABASES } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { call, expectEveryOperationCalled, type Answer, type CallOptions } from './ownCalls';

/** openapi/fdr-org.yaml against the running emulator: a flow a PSP published to EC 77777777777, read by the EC. */
const BASE = `/fdr-org/service/v1/organizations/${EC}/fdrs`;
const EC_KEY = 'demo-ec-77777777777';

describe('openapi/fdr-org.yaml', () => {
  let server: RunningServer;
  const name = flowName();
  const get = (path: string, opts: CallOptions = {}) => call(server.baseUrl, 'GET', `${BASE}${path}`, { key: EC_KEY, ...opts });
  const fdrError = (a: Answer, status: number, code: string) => expect({ status: a.status, code: a.body.appErrorCode }).toEqual({ status, code });

  beforeAll(async () => {
    server = await startServer({ db: await DATABASES[0]!.create() });
    const psp = (method: string, path: string, body?: unknown) => call(server.baseUrl, method, `/fdr-psp/service/v1/psps/${PSP}${path}`, { key: PSP_KEY, body });
    // a flow date of today: the list's default windows reach one month back
    expect((await psp('POST', `/fdrs/${name}`, createBody(name, { fdrDate: new Date().toISOString(), totPayments: 2, sumPayments: 12.5 }))).status).toBe(201);
    expect((await psp('PUT', `/fdrs/${name}/payments/add`, { payments: [payment(1, 10), payment(2, 2.5)] })).status).toBe(200);
    expect((await psp('POST', `/fdrs/${name}/publish`)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the latest revisions; reads one and its payments', async () => {
    const list = await get(`?pspId=${PSP}&page=1&size=10`);
    expect(list.body.data).toEqual([expect.objectContaining({ fdr: name, pspId: PSP, revision: 1 })]);
    const one = await get(`/${name}/revisions/1/psps/${PSP}`);
    expect(one.body).toMatchObject({ status: 'PUBLISHED', fdr: name, totPayments: 2 });
    expect(one.text).toContain('"sumPayments":12.50');
    expect((await get(`/${name}/revisions/1/psps/${PSP}/payments?size=1&page=2`)).body.data).toEqual([expect.objectContaining({ index: 2, pay: 2.5 })]);
  });

  it("FDR's refusals: 400 (bean validation, unknown PSP, bad flow name), 404 (no such revision)", async () => {
    fdrError(await get('?size=1001'), 400, 'FDR-1000');
    fdrError(await get('?pspId=99999999999'), 400, 'FDR-2000');
    fdrError(await get(`/not-a-flow/revisions/1/psps/${PSP}`), 400, 'FDR-3008');
    fdrError(await get(`/${name}/revisions/9/psps/${PSP}`), 404, 'FDR-3001');
    fdrError(await get(`/${name}/revisions/1/psps/${PSP}/payments?size=0`), 400, 'FDR-1000');
    fdrError(await get(`/${name}/revisions/9/psps/${PSP}/payments`), 404, 'FDR-3001');
  });

  it('the gateway: 401 without a key, 403 with another EC’s key (problem JSON)', async () => {
    for (const path of ['', `/${name}/revisions/1/psps/${PSP}`, `/${name}/revisions/1/psps/${PSP}/payments`]) {
      expect((await get(path, { key: null })).status).toBe(401);
      expect((await get(path, { key: 'demo-ec-66666666666' })).status).toBe(403);
    }
  });

  it('every operation of fdr-org.yaml was called', () => {
    expectEveryOperationCalled('fdr-org.yaml');
  });
});
