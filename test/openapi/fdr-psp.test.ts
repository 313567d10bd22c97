import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBody, EC, flowName, payment, PSP, PSP_KEY } from '../fdr/pspClient';
import { DATABASES } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { call, expectEveryOperationCalled, type Answer, type CallOptions } from './ownCalls';

/** openapi/fdr-psp.yaml against the running emulator: a flow's whole life, the reads, FDR's errors and the gateway's. */
const BASE = `/fdr-psp/service/v1/psps/${PSP}`;

describe('openapi/fdr-psp.yaml', () => {
  let server: RunningServer;
  const req = (method: string, path: string, opts: CallOptions = {}) => call(server.baseUrl, method, `${BASE}${path}`, { key: PSP_KEY, ...opts });
  const fdrError = (a: Answer, status: number, code: string) => expect({ status: a.status, code: a.body.appErrorCode }).toEqual({ status, code });

  beforeAll(async () => {
    server = await startServer({ db: await DATABASES[0]!.create() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('create, add, delete a payment, read the draft, publish, read the revision', async () => {
    const name = flowName();
    expect((await req('POST', `/fdrs/${name}`, { body: createBody(name, {}, { password: 'pwdpwdpwd' }) })).body).toEqual({ message: `Fdr [${name}] saved` });
    fdrError(await req('POST', `/fdrs/${name}`, { body: createBody(name) }), 400, 'FDR-3002');
    fdrError(await req('POST', `/fdrs/${name}`, { body: createBody(name, { totPayments: 0 }) }), 400, 'FDR-1000');

    const payments = [payment(1, 100), payment(2, 40), payment(3, 7.84, { payStatus: 'NO_RPT' }), payment(4, 1)];
    expect((await req('PUT', `/fdrs/${name}/payments/add`, { body: { payments } })).status).toBe(200);
    fdrError(await req('PUT', `/fdrs/${name}/payments/add`, { body: { payments: [payment(1)] } }), 400, 'FDR-3006');
    expect((await req('PUT', `/fdrs/${name}/payments/del`, { body: { indexList: [4] } })).body).toEqual({ message: `Fdr [${name}] payment deleted` });
    fdrError(await req('PUT', `/fdrs/${name}/payments/del`, { body: { indexList: [4] } }), 400, 'FDR-3007');

    const drafts = await req('GET', '/created?createdGt=2000-01-01T00:00:00Z&page=1&size=100');
    expect(drafts.body.data).toContainEqual(expect.objectContaining({ fdr: name, organizationId: EC, revision: 1 }));
    const draft = await req('GET', `/created/fdrs/${name}/organizations/${EC}`);
    expect(draft.body).toMatchObject({ status: 'INSERTED', computedTotPayments: 3, sender: { password: 'pwdpwdpwd' } });
    expect(draft.text).toContain('"computedSumPayments":147.84');
    expect((await req('GET', `/created/fdrs/${name}/organizations/${EC}/payments?size=2`)).body.count).toBe(3);
    fdrError(await req('GET', `/created/fdrs/${flowName()}/organizations/${EC}`), 404, 'FDR-3001');

    expect((await req('POST', `/fdrs/${name}/publish`)).body).toEqual({ message: `Fdr [${name}] published` });
    fdrError(await req('POST', `/fdrs/${name}/publish`), 404, 'FDR-3001');
    const published = await req('GET', `/published?organizationId=${EC}&publishedGt=2000-01-01T00:00:00Z`);
    expect(published.body.data).toContainEqual(expect.objectContaining({ fdr: name, revision: 1 }));
    expect((await req('GET', `/published/fdrs/${name}/revisions/1/organizations/${EC}`)).body).toMatchObject({ status: 'PUBLISHED', revision: 1 });
    expect((await req('GET', `/published/fdrs/${name}/revisions/1/organizations/${EC}/payments?page=2&size=2`)).body.data).toHaveLength(1);
    fdrError(await req('GET', `/published/fdrs/${name}/revisions/9/organizations/${EC}`), 404, 'FDR-3001');
    fdrError(await req('GET', `/published/fdrs/${name}/revisions/9/organizations/${EC}/payments`), 404, 'FDR-3001');
    fdrError(await req('GET', `/published/fdrs/${name}/revisions/0/organizations/${EC}/payments`), 400, 'FDR-1000');
  });

  it('a draft is deleted once; FDR-1005, FDR-1002, FDR-3008 and a wrong total', async () => {
    const name = flowName();
    expect((await req('POST', `/fdrs/${name}`, { body: createBody(name) })).status).toBe(201);
    fdrError(await req('POST', `/fdrs/${name}/publish`), 400, 'FDR-3003');
    expect((await req('PUT', `/fdrs/${name}/payments/add`, { body: { payments: [payment(1, 147.84)] } })).status).toBe(200);
    fdrError(await req('POST', `/fdrs/${name}/publish`), 400, 'FDR-4001');
    expect((await req('DELETE', `/fdrs/${name}`)).body).toEqual({ message: `Fdr [${name}] deleted` });
    fdrError(await req('DELETE', `/fdrs/${name}`), 404, 'FDR-3001');
    fdrError(await req('PUT', `/fdrs/${name}/payments/del`, { raw: '{nope' }), 400, 'FDR-1005');
    fdrError(await req('GET', '/created?createdGt=yesterday'), 400, 'FDR-1002');
    fdrError(await req('GET', '/published?page=0'), 400, 'FDR-1000');
    fdrError(await req('DELETE', '/fdrs/not-a-flow-name'), 400, 'FDR-3008');
    fdrError(await req('GET', `/created/fdrs/${name}/organizations/99999999999/payments`), 400, 'FDR-2008');
  });

  it('the gateway: 401 without a key, 403 with a key that is not this PSP’s (problem JSON)', async () => {
    const name = flowName();
    expect((await req('POST', `/fdrs/${name}`, { key: null, body: createBody(name) })).status).toBe(401);
    const other = await req('GET', '/created', { key: 'demo-ec-66666666666' });
    expect(other.status).toBe(403);
    expect(other.contentType).toMatch(/^application\/problem\+json/);
  });

  it('a malformed %-escape in the path is FDR-1000 naming it, not FDR-0500', async () => {
    const a = await req('GET', `/created/fdrs/${flowName()}/organizations/%E0%A4%A`);
    fdrError(a, 400, 'FDR-1000');
    expect(a.body.errors).toEqual([{ message: "Failed to decode param '%E0%A4%A'" }]);
  });

  it('every operation of fdr-psp.yaml was called', () => {
    expectEveryOperationCalled('fdr-psp.yaml');
  });
});
