import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeWith } from '../helpers/crossChecks';
import { DATABASE_IDS, DATABASES } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { createBody, EC, expectFdrError, FdrPspClient, flowName, payment, PSP, testRegistry } from './pspClient';

/**
 * The PSP side of FdR 3 (spec reporting.md §3, §9) over HTTP: the worked example, the state machine with a
 * republished revision, the reads and their paging. Every answer is checked against fdr_psp.json.
 */
const EXAMPLE = '2025-03-1160000000001-0001';
const EXAMPLE_PAYMENTS = [
  { index: 1, iuv: '02000000000000101', iur: 'c110729d258c4ab1b765fe902aae41d6', idTransfer: 1, pay: 100.0, payStatus: 'EXECUTED', payDate: '2025-03-10T09:15:00Z' },
  { index: 2, iuv: '02000000000000202', iur: '0f8e2b3c4d5e6f708192a3b4c5d6e7f8', idTransfer: 1, pay: 35.5, payStatus: 'EXECUTED', payDate: '2025-03-10T11:02:41Z' },
  { index: 3, iuv: '02000000000000303', iur: '7a1c9e0b5d2f4c3a8e6b1d0f9a2c4e6b', idTransfer: 1, pay: 12.34, payStatus: 'EXECUTED', payDate: '2025-03-10T17:45:09Z' },
];

describe.each(DATABASE_IDS)('fdr-psp on %s', (_id, database) => {
  let server: RunningServer;
  let psp: FdrPspClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create(), args: ['--registry', testRegistry()] });
    psp = new FdrPspClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('replays the worked example of §9: create, add, publish, then reads it back', async () => {
    const created = await psp.create(EXAMPLE, createBody(EXAMPLE));
    expect(created).toMatchObject({ status: 201, body: { message: `Fdr [${EXAMPLE}] saved` } });
    const draft = await psp.call('GET', `/psps/${PSP}/created/fdrs/${EXAMPLE}/organizations/${EC}`);
    expect(draft.body).toMatchObject({ status: 'CREATED', revision: 1, computedTotPayments: 0, computedSumPayments: 0, totPayments: 3, sumPayments: 147.84 });
    expect(draft.text).toContain('"computedSumPayments":0.00');

    expect(await psp.add(EXAMPLE, EXAMPLE_PAYMENTS)).toMatchObject({ status: 200, body: { message: `Fdr [${EXAMPLE}] payment added` } });
    const inserted = await psp.call('GET', `/psps/${PSP}/created/fdrs/${EXAMPLE}/organizations/${EC}`);
    expect(inserted.body).toMatchObject({ status: 'INSERTED', computedTotPayments: 3, computedSumPayments: 147.84 });
    const created2 = await psp.call('GET', `/psps/${PSP}/created?size=10`);
    expect(created2.body.data.map((f: any) => f.fdr)).toContain(EXAMPLE);

    expect(await psp.publish(EXAMPLE)).toMatchObject({ status: 200, body: { message: `Fdr [${EXAMPLE}] published` } });
    const one = await psp.call('GET', `/psps/${PSP}/published/fdrs/${EXAMPLE}/revisions/1/organizations/${EC}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      status: 'PUBLISHED',
      revision: 1,
      fdr: EXAMPLE,
      fdrDate: '2025-03-11T06:30:00Z',
      regulation: 'SCT-20250311-000123',
      regulationDate: '2025-03-11',
      bicCodePouringBank: 'BNKAITRRXXX',
      sender: { type: 'LEGAL_PERSON', id: PSP, pspId: PSP, pspName: 'Banca Esempio S.p.A.', pspBrokerId: PSP, channelId: '60000000001_01' },
      receiver: { id: EC, organizationId: EC, organizationName: 'Comune di Esempio' },
      computedTotPayments: 3,
      computedSumPayments: 147.84,
      totPayments: 3,
      sumPayments: 147.84,
    });
    expect(one.body.published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    expect(one.body.updated).toBe(one.body.published);
    const pays = await psp.call('GET', `/psps/${PSP}/published/fdrs/${EXAMPLE}/revisions/1/organizations/${EC}/payments`);
    expect(pays.body).toEqual({ metadata: { pageSize: 1000, pageNumber: 1, totPage: 1 }, count: 3, data: EXAMPLE_PAYMENTS });
    expect(pays.text).toContain('"pay":100.00');
    expect(pays.text).toContain('"pay":35.50');
    // the draft is gone from the created list; the published list has it
    expect((await psp.call('GET', `/psps/${PSP}/created`)).body.data.map((f: any) => f.fdr)).not.toContain(EXAMPLE);
    const published = await psp.call('GET', `/psps/${PSP}/published?organizationId=${EC}`);
    expect(published.body.data).toContainEqual({ fdr: EXAMPLE, organizationId: EC, revision: 1, published: one.body.published });
  });

  it('a wrong sum on publish is FDR-4002 with both amounts at 2 decimals, and nothing is published', async () => {
    const name = flowName();
    await psp.create(name, createBody(name, { sumPayments: 147.85 }));
    await psp.add(name, EXAMPLE_PAYMENTS);
    expectFdrError(
      await psp.publish(name),
      400,
      'FDR-4002',
      `On flow with ID [${name}], an amount of [147.85] euro for all payments were defined to be added but [147.84] is actually calculated.`,
    );
    expect((await psp.call('GET', `/psps/${PSP}/created/fdrs/${name}/organizations/${EC}`)).body.status).toBe('INSERTED');
  });

  it('deletes payments, then publishes; republishing makes revision 2 and keeps revision 1 readable', async () => {
    const name = flowName();
    expect((await psp.create(name, createBody(name, { totPayments: 2, sumPayments: 3 }))).status).toBe(201);
    await psp.add(name, [payment(1, 1), payment(2, 2), payment(3, 4.5)]);
    expect(await psp.del(name, [3])).toMatchObject({ status: 200, body: { message: `Fdr [${name}] payment deleted` } });
    const draft = await psp.call('GET', `/psps/${PSP}/created/fdrs/${name}/organizations/${EC}/payments?size=1&page=2`);
    expect(draft.body).toMatchObject({ metadata: { pageSize: 1, pageNumber: 2, totPage: 2 }, count: 2, data: [{ index: 2, pay: 2 }] });
    expect((await psp.publish(name)).status).toBe(200);

    // revision 2: a later fdrDate, a new draft that starts empty
    const r2 = await psp.create(name, createBody(name, { fdrDate: '2025-03-12T06:30:00Z', totPayments: 1, sumPayments: 9.99 }));
    expect(r2.status).toBe(201);
    const d2 = await psp.call('GET', `/psps/${PSP}/created/fdrs/${name}/organizations/${EC}`);
    expect(d2.body).toMatchObject({ status: 'CREATED', revision: 2, computedTotPayments: 0 });
    await psp.add(name, [payment(1, 9.99)]);
    expect((await psp.publish(name)).status).toBe(200);
    const list = await psp.call('GET', `/psps/${PSP}/published?organizationId=${EC}&size=1000`);
    expect(list.body.data.filter((f: any) => f.fdr === name).map((f: any) => f.revision)).toEqual([1, 2]);
    const rev1 = await psp.call('GET', `/psps/${PSP}/published/fdrs/${name}/revisions/1/organizations/${EC}/payments`);
    expect(rev1.body.data.map((p: any) => p.index)).toEqual([1, 2]);
    const rev2 = await psp.call('GET', `/psps/${PSP}/published/fdrs/${name}/revisions/2/organizations/${EC}`);
    expect(rev2.body).toMatchObject({ revision: 2, fdrDate: '2025-03-12T06:30:00Z', sumPayments: 9.99 });
    // published is immutable: add, publish and delete now find no draft
    expectFdrError(await psp.add(name, [payment(9)]), 404, 'FDR-3001', `Flow with ID [${name}] not found.`);
    expectFdrError(await psp.deleteDraft(name), 404, 'FDR-3001');
  });

  it('deletes a draft with its payments; the name is then free again', async () => {
    const name = flowName();
    await psp.create(name, createBody(name));
    await psp.add(name, [payment(1)]);
    expect(await psp.deleteDraft(name)).toMatchObject({ status: 200, body: { message: `Fdr [${name}] deleted` } });
    expectFdrError(await psp.call('GET', `/psps/${PSP}/created/fdrs/${name}/organizations/${EC}`), 404, 'FDR-3001');
    expect((await psp.create(name, createBody(name))).status).toBe(201);
    const d = await psp.call('GET', `/psps/${PSP}/created/fdrs/${name}/organizations/${EC}`);
    expect(d.body).toMatchObject({ revision: 1, computedTotPayments: 0 });
  });

  it('echoes the deprecated sender.password and takes the key from the subscription-key query too', async () => {
    const name = flowName();
    await psp.create(name, createBody(name, {}, { password: 'pwdpwdpwd' }));
    const anonymous = psp.withKey(null);
    const d = await anonymous.call('GET', `/psps/${PSP}/created/fdrs/${name}/organizations/${EC}?subscription-key=demo-psp-60000000001`);
    expect(d.body.sender.password).toBe('pwdpwdpwd');
  });

  it('pages the lists: count is every match, beyond the last page data is empty', async () => {
    const names = [flowName('2025-04-01'), flowName('2025-04-01'), flowName('2025-04-01')];
    for (const n of names) await psp.create(n, createBody(n));
    const all = await psp.call('GET', `/psps/${PSP}/created?size=1000`);
    const count = all.body.count;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(all.body.data.map((f: any) => f.fdr)).toEqual([...all.body.data.map((f: any) => f.fdr)].sort());
    const p2 = await psp.call('GET', `/psps/${PSP}/created?size=2&page=2`);
    expect(p2.body.metadata).toEqual({ pageSize: 2, pageNumber: 2, totPage: Math.ceil(count / 2) });
    expect(p2.body.count).toBe(count);
    const beyond = await psp.call('GET', `/psps/${PSP}/created?size=2&page=999`);
    expect(beyond.body).toMatchObject({ count, data: [] });
    // createdGt is strict: the newest draft's own instant excludes it
    const newest = all.body.data
      .map((f: any) => f.created)
      .sort()
      .at(-1);
    const after = await psp.call('GET', `/psps/${PSP}/created?createdGt=${encodeURIComponent(newest)}`);
    expect(after.body.data.map((f: any) => f.created)).not.toContain(newest);
    for (const n of names) await psp.deleteDraft(n);
  });
});

const pg = DATABASES.find((d) => d.id === 'postgres');

// Scale-out: two processes on one PostgreSQL writing the same flow (runs when NODO_TEST_PG_URL is set).
describeWith('postgres')('fdr-psp: two processes on one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let pa: FdrPspClient;
  let pb: FdrPspClient;

  beforeAll(async () => {
    const url = await pg!.create();
    const registry = testRegistry();
    a = await startServer({ db: url, args: ['--registry', registry] });
    b = await startServer({ db: url, args: ['--registry', registry] });
    pa = new FdrPspClient(a.baseUrl);
    pb = new FdrPspClient(b.baseUrl);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('concurrent creates of one name: one 201, the others FDR-3002', async () => {
    for (let round = 0; round < 5; round++) {
      const name = flowName();
      const answers = await Promise.all([pa, pb, pa, pb].map((c) => c.create(name, createBody(name))));
      expect(answers.filter((x) => x.status === 201)).toHaveLength(1);
      for (const x of answers.filter((y) => y.status !== 201)) expectFdrError(x, 400, 'FDR-3002', `Flow with ID [${name}] already exists with [CREATED] status.`);
    }
  });

  it('revisions published concurrently from both processes are 1..n without duplicates', async () => {
    const name = flowName();
    const rounds = 6;
    // each process keeps trying to create, fill and publish a revision until `rounds` exist
    const worker = async (c: FdrPspClient, tag: number) => {
      for (let i = 0; i < 40; i++) {
        const list = await c.call('GET', `/psps/${PSP}/published?organizationId=${EC}`);
        if (list.body.data.filter((f: any) => f.fdr === name).length >= rounds) return;
        const fdrDate = new Date(Date.UTC(2025, 2, 11, 6, 30) + (i * 2 + tag) * 60_000 + Math.floor(Math.random() * 1000) * 1000).toISOString();
        const created = await c.create(name, createBody(name, { fdrDate, totPayments: 1, sumPayments: 1 }));
        if (created.status !== 201) continue;
        await c.add(name, [payment(1, 1)]);
        await c.publish(name);
      }
    };
    await Promise.all([worker(pa, 0), worker(pb, 1)]);
    const list = await pa.call('GET', `/psps/${PSP}/published?organizationId=${EC}`);
    const revisions = list.body.data.filter((f: any) => f.fdr === name).map((f: any) => f.revision);
    expect(revisions.length).toBeGreaterThanOrEqual(rounds);
    expect(revisions).toEqual(revisions.map((_r: number, i: number) => i + 1));
  });
});
