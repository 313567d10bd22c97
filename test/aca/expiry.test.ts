import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp } from '../helpers/soap';
import { ACA_SPEC, checked, freshArchiveNav, GPD_SPEC, inDays } from './helpers';

// switchToExpired: once every due date has passed, the position is EXPIRED (lazily on read, and by the expirePositions job)
describe.each(DATABASE_IDS)('position expiry on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const create = (iuv: string, switchToExpired: boolean) =>
    checked(ACA_SPEC, '/paCreatePosition', server.baseUrl, 'POST', '/aca/v1/paCreatePosition', {
      body: {
        paFiscalCode: '66666666666',
        entityType: 'G',
        entityFiscalCode: '12345678901',
        entityFullName: 'ACME S.p.A.',
        iuv,
        amount: 5000,
        description: 'COSAP',
        expirationDate: inDays(1),
        switchToExpired,
      },
    });
  const read = (iuv: string) =>
    checked(
      GPD_SPEC,
      '/organizations/{organizationfiscalcode}/debtpositions/{iupd}',
      server.baseUrl,
      'GET',
      `/gpd/debt-positions-service/v1/organizations/66666666666/debtpositions/ACA_66666666666_${iuv}`,
    );

  it('past every due date: EXPIRED on read and through the job; the node answers PAA_PAGAMENTO_SCADUTO; no more updates', async () => {
    const a = freshArchiveNav();
    const b = freshArchiveNav();
    const c = freshArchiveNav();
    for (const [n, s] of [
      [a, true],
      [b, true],
      [c, false],
    ] as const)
      expect((await create(n.iuv, s)).status).toBe(200);
    const adv = await fetch(`${server.baseUrl}/admin/clock/advance`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ms: 3 * 86_400_000 }),
    });
    expect(adv.status).toBe(200);

    expect((await read(a.iuv)).body).toMatchObject({ status: 'EXPIRED' });
    const job = await fetch(`${server.baseUrl}/admin/jobs/expirePositions/run`, { method: 'POST' });
    expect(await job.json()).toMatchObject({ job: 'expirePositions' });
    const v = await nodo.verify(b.nav);
    expect(v.result.fault?.faultCode).toBe('PPT_ERRORE_EMESSO_DA_PAA');
    expect(v.raw).toContain('PAA_PAGAMENTO_SCADUTO');
    expect((await read(b.iuv)).body).toMatchObject({ status: 'EXPIRED' });
    // without switchToExpired the position stays payable after its due date
    expect((await read(c.iuv)).body).toMatchObject({ status: 'VALID' });
    expect((await create(a.iuv, true)).status).toBe(409);
  });
});
