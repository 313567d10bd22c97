import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASES } from '../helpers/databases';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { call, expectEveryOperationCalled, type CallOptions } from './ownCalls';

/** openapi/backoffice.yaml against the running emulator: the EC broker's and the PSP's reads, their refusals, the 405s. */
const EC_BASE = '/backoffice/external/ec/v1/brokers';
const PSP_IBANS = '/backoffice/external/psp/v1/creditor_institutions/ibans';
const BROKER = '66666666666';
const BROKER_KEY = 'demo-broker-66666666666';
/** an EC that is no broker, with a key of its own (a registry overlay): it passes the key check for itself, then 404 */
const NOT_A_BROKER = '01199250158';
const NOT_A_BROKER_KEY = 'test-ec-01199250158';

describe('openapi/backoffice.yaml', () => {
  let server: RunningServer;
  const get = (p: string, opts: CallOptions = {}) => call(server.baseUrl, 'GET', p, { key: BROKER_KEY, ...opts });

  beforeAll(async () => {
    const overlay = path.join(tempDir(), 'keys.yaml');
    fs.writeFileSync(overlay, `subscriptionKeys:\n  - { key: "${NOT_A_BROKER_KEY}", creditorInstitutionCode: "${NOT_A_BROKER}" }\n`);
    server = await startServer({ db: await DATABASES[0]!.create(), args: ['--registry', overlay] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(['creditor_institutions', 'ibans'])("a broker's %s: 200, 400, 401, 403, 404", async (what) => {
    const p = `${EC_BASE}/${BROKER}/${what}`;
    const ok = await get(`${p}?page=0&limit=100`, { headers: { 'X-Request-Id': 'bo-1' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('bo-1');
    expect(ok.body.pageInfo).toMatchObject({ page: 0, limit: 100 });
    expect((await get(`${p}?page=0&limit=0`)).body[what === 'ibans' ? 'ibans' : 'creditorInstitutions']).toEqual([]);
    expect((await get(`${p}?limit=5`)).status).toBe(400);
    expect((await get(`${p}?page=0`, { key: null })).status).toBe(401);
    expect((await get(`${p}?page=0`, { key: 'demo-broker-77777777777' })).status).toBe(403);
    expect((await get(`${p}?page=0`, { key: 'demo-psp-60000000001' })).status).toBe(403);
    expect((await get(`${EC_BASE}/${NOT_A_BROKER}/${what}?page=0`, { key: NOT_A_BROKER_KEY })).status).toBe(404);
    expect((await get(`${EC_BASE}/%E0%A4%A/${what}?page=0`)).body.type).toMatch(/bad-request$/);
  });

  it("a PSP's view of every IBAN: 200, 400, 401 (no key, or a key that is not a PSP's)", async () => {
    const ok = await get(`${PSP_IBANS}?page=0&limit=5000`, { key: 'demo-psp-60000000001' });
    expect(ok.body.ibans.length).toBeGreaterThan(0);
    expect((await get(`${PSP_IBANS}?page=0&limit=5001`, { key: 'demo-psp-60000000001' })).status).toBe(400);
    expect((await get(`${PSP_IBANS}?page=0`, { key: null })).status).toBe(401);
    expect((await get(`${PSP_IBANS}?page=0`, { key: BROKER_KEY })).status).toBe(401);
  });

  it('every path takes GET only: 405 with Allow', async () => {
    for (const p of [`${EC_BASE}/${BROKER}/creditor_institutions`, `${EC_BASE}/${BROKER}/ibans`, PSP_IBANS]) {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const a = await call(server.baseUrl, method, `${p}?page=0`, { key: BROKER_KEY });
        expect([a.status, a.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
      }
    }
  });

  it('every operation of backoffice.yaml was called', () => {
    expectEveryOperationCalled('backoffice.yaml');
  });
});
