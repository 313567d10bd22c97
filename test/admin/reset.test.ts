import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoNotice } from '../helpers/demo';
import { mockEc } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { admin, NodeForPsp } from '../helpers/soap';
import { control, customVerify, post, verifyReq } from '../mockEc/pagopaHelpers';

type Page = { total: number; items: unknown[] };
type Reset = { reset: boolean; cleared: Record<string, number>; demoPositions: number; mockEc: boolean };
type Route = { method: string; path: string; purpose: string };
type Health = { status: string; ready: boolean; version: string; engine: string; uptime: number };

const token = (r: { result: Record<string, unknown> }) => r.result.paymentToken as string;

/**
 * POST /admin/reset: back to the freshly seeded state with the registry kept. A demo notice, single-use once
 * paid, pays again after a reset; the journal is empty; the registry is the one before. Also /health's
 * fields and GET /admin's route list.
 */
describe('POST /admin/reset', () => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  beforeAll(async () => {
    server = await startServer({ db: 'sqlite::memory:' });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const reset = (init: RequestInit = {}) => admin<Reset>(server.baseUrl, '/admin/reset', { method: 'POST', ...init });
  const pay = async (n: string) => {
    const a = await nodo.activateV2(n);
    if (a.result.outcome !== 'OK') return a.result.fault?.faultCode;
    return (await nodo.outcomeV2([token(a)], 'OK')).result.outcome;
  };

  it('a paid demo notice pays again after a reset; journal, payments and mock EC queues are emptied; the registry stays', async () => {
    const registryBefore = await admin<{ version: number }>(server.baseUrl, '/admin/registry');
    const positionsBefore = await admin<Page>(server.baseUrl, '/admin/positions?limit=1');
    const n = demoNotice(1);
    expect(await pay(n)).toBe('OK');
    expect((await nodo.verify(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
    expect((await admin<Page>(server.baseUrl, '/admin/journal')).body.total).toBeGreaterThan(0);
    const ec = mockEc(server.baseUrl);
    await ec.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_SYSTEM_ERROR', times: 0 });

    const { status, body } = await reset();
    expect(status).toBe(200);
    expect(body.reset).toBe(true);
    expect(body.mockEc).toBe(true);
    expect(body.cleared.payment_tokens).toBeGreaterThanOrEqual(1);
    expect(body.cleared.journal).toBeGreaterThan(0);
    expect(body.demoPositions).toBe(positionsBefore.body.total);

    expect((await admin<Page>(server.baseUrl, '/admin/journal')).body.total).toBe(0);
    expect((await admin<Page>(server.baseUrl, '/admin/payments')).body.total).toBe(0);
    expect((await admin<Page>(server.baseUrl, '/admin/positions?limit=1')).body.total).toBe(positionsBefore.body.total);
    expect(await ec.queued()).toEqual([]);
    const registryAfter = await admin<{ version: number }>(server.baseUrl, '/admin/registry');
    expect(registryAfter.body).toEqual(registryBefore.body);

    expect((await nodo.verify(n)).result.outcome).toBe('OK');
    expect(await pay(n)).toBe('OK');
  });

  it('the two options of the ACME position (README): paying one refuses the other until a reset', async () => {
    expect(await pay(demoNotice(6))).toBe('OK');
    expect((await nodo.verify(demoNotice(7))).result.outcome).toBe('KO');
    expect((await reset()).status).toBe(200);
    expect((await nodo.verify(demoNotice(7))).result.outcome).toBe('OK');
  });

  it("forgets the pagoPA-mode mock EC's queued answers (/mock-ec) too", async () => {
    const url = `${server.baseUrl}/mock-ec`;
    const verify = () => post(url, verifyReq('302010000000000000'), { SOAPAction: 'paVerifyPaymentNoticeReq' });
    expect((await control(url).push('paVerifyPaymentNotice', customVerify('99.99', 'QUEUED BEFORE RESET'))).status).toBe(200);
    expect((await control(url).push('paVerifyPaymentNotice', customVerify('99.99', 'QUEUED BEFORE RESET'))).status).toBe(200);
    expect((await verify()).body).toContain('QUEUED BEFORE RESET');
    expect((await reset()).status).toBe(200);
    const after = await verify();
    expect(after.status).toBe(200);
    expect(after.body).not.toContain('QUEUED BEFORE RESET');
  });

  it('twice in a row is fine (nothing left to clear but the re-seeded archive)', async () => {
    const first = await reset();
    const second = await reset();
    expect(second.status).toBe(200);
    expect(second.body.cleared.journal).toBe(0);
    expect(second.body.cleared.debt_positions).toBe(first.body.demoPositions);
  });

  it('is refused from another origin (a cross-site form cannot wipe the emulator)', async () => {
    const { status } = await reset({ headers: { Origin: 'https://evil.example' } });
    expect(status).toBe(403);
  });
});

describe('POST /admin/reset without demo data', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ db: 'sqlite::memory:', args: ['--no-demo-data'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('empties the archive and seeds no demo notice an emulator started with --no-demo-data never had', async () => {
    expect((await admin<Page>(server.baseUrl, '/admin/positions?limit=1')).body.total).toBe(0);
    const { status, body } = await admin<Reset>(server.baseUrl, '/admin/reset', { method: 'POST' });
    expect(status).toBe(200);
    expect(body.demoPositions).toBe(0);
    expect((await admin<Page>(server.baseUrl, '/admin/positions?limit=1')).body.total).toBe(0);
  });
});

describe('/health and GET /admin', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ db: 'sqlite::memory:' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('/health tells version, engine, uptime and readiness', async () => {
    const { status, body } = await admin<Health>(server.baseUrl, '/health');
    expect(status).toBe(200);
    const pkg = require('../../package.json') as { version: string };
    expect(body).toEqual({ status: 'UP', ready: true, version: pkg.version, engine: 'sqlite', uptime: expect.any(Number) });
    expect(Number.isInteger(body.uptime) && body.uptime >= 0 && body.uptime < 600).toBe(true);
  });

  it('GET /admin lists the admin routes, and every parameterless GET it lists answers 200', async () => {
    const { status, body } = await admin<{ routes: Route[] }>(server.baseUrl, '/admin');
    expect(status).toBe(200);
    expect(body.routes).toEqual(expect.arrayContaining([{ method: 'POST', path: '/admin/reset', purpose: expect.any(String) }]));
    for (const r of body.routes) {
      expect(['GET', 'POST', 'PUT', 'DELETE']).toContain(r.method);
      expect(r.purpose.length).toBeGreaterThan(3);
    }
    const gets = body.routes.filter((r) => r.method === 'GET' && !r.path.includes(':'));
    expect(gets.length).toBeGreaterThan(5);
    for (const r of gets) expect([r.path, (await fetch(`${server.baseUrl}${r.path}`)).status]).toEqual([r.path, 200]);
  });

  it('only /admin exactly: /admin/nothing is a 404 problem', async () => {
    expect((await admin(server.baseUrl, '/admin/nothing')).status).toBe(404);
  });
});
