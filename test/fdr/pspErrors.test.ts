import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { createBody, DISABLED_PSP_KEY, EC, expectFdrError, FdrPspClient, flowName, payment, PSP, testRegistry } from './pspClient';

/**
 * Every FDR error code of spec reporting.md §3.1 reachable from the PSP API, with its literal message, and
 * the check order of §3.2 where two checks could both fail. Answers are checked against fdr_psp.json.
 */
describe.each(DATABASE_IDS)('fdr-psp errors on %s', (_id, database) => {
  let server: RunningServer;
  let psp: FdrPspClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create(), args: ['--registry', testRegistry()] });
    psp = new FdrPspClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the gateway: no key or an unknown key is 401, a key of another PSP 403', async () => {
    const name = flowName();
    expect((await psp.withKey(null).create(name, createBody(name))).status).toBe(401);
    expect((await psp.withKey('nope').create(name, createBody(name))).status).toBe(401);
    expect((await psp.withKey('demo-ec-77777777777').create(name, createBody(name))).status).toBe(403);
    expect((await psp.create(name, createBody(name), '40000000001')).status).toBe(403);
  });

  it('FDR-1000: every bean violation with its path, sorted by path descending', async () => {
    const name = flowName();
    const a = await psp.create(name, createBody(name, { totPayments: 0, sumPayments: 0, regulation: undefined }, { pspName: 'ab' }));
    expectFdrError(a, 400, 'FDR-1000');
    expect(a.body.errors).toEqual([
      { path: 'createEmptyFlow.request.totPayments', message: 'must be greater than or equal to 1' },
      { path: 'createEmptyFlow.request.sumPayments', message: 'must be greater than 0.0' },
      { path: 'createEmptyFlow.request.sender.pspName', message: 'must match "^(.{3,70})$"' },
      { path: 'createEmptyFlow.request.regulation', message: 'must not be null' },
    ]);
    const badName = await psp.create('bad.name', createBody('bad.name'));
    expect(badName.body.errors).toContainEqual({ path: 'createEmptyFlow.fdr', message: 'must match "[a-zA-Z0-9\\-_]{1,35}"' });
    await psp.create(name, createBody(name));
    const tooMany = await psp.add(
      name,
      Array.from({ length: 1001 }, (_x, i) => payment(i + 1)),
    );
    expectFdrError(tooMany, 400, 'FDR-1000', 'size must be between 1 and 1000', 'addPaymentToExistingFlow.request.payments');
    const bad = await psp.add(name, [payment(1, -1, { idTransfer: 6, iuv: '' })]);
    expect(bad.body.errors).toEqual([
      { path: 'addPaymentToExistingFlow.request.payments[0].pay', message: 'must be greater than 0.0' },
      { path: 'addPaymentToExistingFlow.request.payments[0].iuv', message: 'must match "^(.{1,35})$"' },
      { path: 'addPaymentToExistingFlow.request.payments[0].idTransfer', message: 'must be less than or equal to 5' },
    ]);
    expectFdrError(
      await psp.call('PUT', `/psps/${PSP}/fdrs/${name}/payments/del`, { indexList: [] }),
      400,
      'FDR-1000',
      'size must be between 1 and 1000',
      'deletePaymentFromExistingFlow.request.indexList',
    );
    expectFdrError(await psp.call('GET', `/psps/${PSP}/created?page=0`), 400, 'FDR-1000', 'must be greater than or equal to 1', 'getAllFlowsNotInPublishedStatus.pageNumber');
    // nothing of the refused calls was stored
    expect((await psp.call('GET', `/psps/${PSP}/created/fdrs/${name}/organizations/${EC}`)).body.computedTotPayments).toBe(0);
  });

  it('FDR-1001..1005: values Jackson cannot bind', async () => {
    const name = flowName();
    expectFdrError(
      await psp.create(name, createBody(name, { totPayments: 'three' })),
      400,
      'FDR-1001',
      'Bad request. Field [totPayments] is equals to [three] but this is not a valid value.',
    );
    expectFdrError(
      await psp.create(name, createBody(name, { fdrDate: '2025-03-11 06:30' })),
      400,
      'FDR-1002',
      'Bad request. Field [fdrDate] is equals to [2025-03-11 06:30] but it is expected to be in ISO-8601 format [yyyy-MM-ddTHH:mm:ssZ] (example: [2025-01-01T12:00:00.123000Z]).',
    );
    await psp.create(name, createBody(name));
    expectFdrError(
      await psp.add(name, [payment(1, 1, { payStatus: 'PAID' })]),
      400,
      'FDR-1003',
      'Bad request. Field [payments.payStatus] is equals to [PAID] but it is expected to be one of the following values: [[EXECUTED, REVOKED, NO_RPT, STAND_IN, STAND_IN_NO_RPT]].',
    );
    expectFdrError(
      await psp.create(name, createBody(name, { sender: 'me' })),
      400,
      'FDR-1004',
      'Bad request. Field [sender] generate a deserialization error. Please, set the correct value.',
    );
    expectFdrError(await psp.call('POST', `/psps/${PSP}/fdrs/${name}`, undefined, { raw: '{"fdr":' }), 400, 'FDR-1005', 'Bad request. The format of JSON request is not valid.');
  });

  it('FDR-2000..2009: the registry, in the order PSP, broker, channel, EC', async () => {
    const name = flowName();
    const create = (sender: Record<string, unknown>, receiver: Record<string, unknown> = {}) => psp.create(name, createBody(name, {}, sender, receiver));
    expectFdrError(await psp.create('2025-03-11XX-1', createBody('2025-03-11XX-1'), 'XX'), 400, 'FDR-2000', 'PSP with ID [XX] is invalid or unknown.');
    const disabled = psp.withKey(DISABLED_PSP_KEY);
    expectFdrError(
      await disabled.create('2025-03-11NOT_ENABLED-1', createBody('2025-03-11NOT_ENABLED-1'), 'NOT_ENABLED'),
      400,
      'FDR-2001',
      'PSP with ID [NOT_ENABLED] is not enabled.',
    );
    expectFdrError(await create({ pspBrokerId: 'NOBODY', channelId: 'NONE' }), 400, 'FDR-2002', 'PSP Broker with ID [NOBODY] is invalid or unknown.');
    expectFdrError(await create({ pspBrokerId: 'INT_NOT_ENABLED' }), 400, 'FDR-2003', 'PSP Broker with ID [INT_NOT_ENABLED] is not enabled.');
    expectFdrError(await create({ channelId: 'NONE' }, { organizationId: 'NONE' }), 400, 'FDR-2004', 'Channel with ID [NONE] is invalid or unknown.');
    expectFdrError(await create({ channelId: 'CANALE_NOT_ENABLED' }), 400, 'FDR-2005', 'Channel with ID [CANALE_NOT_ENABLED] is not enabled.');
    expectFdrError(
      await create({ pspBrokerId: '97735020584' }),
      400,
      'FDR-2006',
      'Channel with ID [60000000001_01] is not authorized to be used with PSP Broker with ID [97735020584].',
    );
    expectFdrError(
      await create({ pspBrokerId: '40000000001', channelId: '40000000001_01' }),
      400,
      'FDR-2007',
      'Channel with ID [40000000001_01] is not authorized to be used with PSP with ID [60000000001].',
    );
    expectFdrError(await create({}, { organizationId: 'NONE' }), 400, 'FDR-2008', 'Creditor institution with ID [NONE] is invalid or unknown.');
    expectFdrError(await create({}, { organizationId: '11111122223' }), 400, 'FDR-2009', 'Creditor institution with ID [11111122223] is not enabled.');
    expectFdrError(await psp.call('GET', `/psps/${PSP}/published?organizationId=NONE`), 400, 'FDR-2008');
  });

  it('FDR-3008, 3009, 3004, 3010 on create, in that order', async () => {
    const notADate = '2025-02-3060000000001-1';
    expectFdrError(
      await psp.create(notADate, createBody(notADate, {}, { pspId: 'OTHER' })),
      400,
      'FDR-3008',
      `Flow identifier [${notADate}] contains a date that is not compliant.`,
    );
    const otherPsp = '2025-03-1140000000001-1';
    expectFdrError(await psp.create(otherPsp, createBody(otherPsp)), 400, 'FDR-3009', `Flow identifier [${otherPsp}] contains a PSP ID that is not compliant.`);
    const name = flowName();
    expectFdrError(
      await psp.create(name, createBody(name, {}, { pspId: '40000000001' })),
      400,
      'FDR-3004',
      `Flow with ID [${name}] have field sender.pspId [${PSP}] that does not match with query param [40000000001].`,
    );
    const other = flowName();
    expectFdrError(await psp.create(name, createBody(other)), 400, 'FDR-3010', `Field fdr [${other}] does not match with query param [${name}].`);
    // a name that is fine but not the path's: 3008 on the path name's date comes first for add/publish/delete
    expectFdrError(await psp.publish(notADate), 400, 'FDR-3008');
  });

  it('FDR-3002, 3011: one draft per name, and a new revision needs a later fdrDate', async () => {
    const name = flowName();
    await psp.create(name, createBody(name, { totPayments: 1, sumPayments: 1 }));
    expectFdrError(await psp.create(name, createBody(name)), 400, 'FDR-3002', `Flow with ID [${name}] already exists with [CREATED] status.`);
    await psp.add(name, [payment(1, 1)]);
    expectFdrError(await psp.create(name, createBody(name)), 400, 'FDR-3002', `Flow with ID [${name}] already exists with [INSERTED] status.`);
    await psp.publish(name);
    expectFdrError(
      await psp.create(name, createBody(name, { fdrDate: '2025-03-11T06:30:00.000+00:00' })),
      400,
      'FDR-3011',
      `Flow [${name}] contains a date that is not compliant. The inserted date [2025-03-11T06:30:00Z] must be after the date in the last revision [2025-03-11T06:30:00Z].`,
    );
  });

  it('FDR-3001, 3003, 3005, 3006, 3007 on add, delete and publish', async () => {
    const name = flowName();
    expectFdrError(await psp.add(name, [payment(1)]), 404, 'FDR-3001', `Flow with ID [${name}] not found.`);
    expectFdrError(await psp.publish(name), 404, 'FDR-3001');
    expectFdrError(await psp.call('GET', `/psps/${PSP}/published/fdrs/${name}/revisions/1/organizations/${EC}`), 404, 'FDR-3001');
    // 3005 comes before 3001
    expectFdrError(await psp.add(name, [payment(1), payment(1)]), 400, 'FDR-3005', `There are one or more identical payment indexes in same request for flow with ID [${name}].`);
    expectFdrError(await psp.del(name, [2, 2]), 400, 'FDR-3005');
    await psp.create(name, createBody(name, { totPayments: 2, sumPayments: 2 }));
    expectFdrError(await psp.del(name, [1]), 400, 'FDR-3003', `Flow with ID [${name}] exists with [CREATED] status.`);
    expectFdrError(await psp.publish(name), 400, 'FDR-3003', `Flow with ID [${name}] exists with [CREATED] status.`);
    await psp.add(name, [payment(1), payment(2), payment(3)]);
    expectFdrError(await psp.add(name, [payment(2), payment(1), payment(4)]), 400, 'FDR-3006', `One or more payment index already added on flow with ID [${name}].`, '[1, 2]');
    expectFdrError(await psp.del(name, [3, 7]), 400, 'FDR-3007', `Index of payment not match with index loaded on flow with ID [${name}].`);
    // refused calls left nothing behind: still 3 payments
    const d = await psp.call('GET', `/psps/${PSP}/created/fdrs/${name}/organizations/${EC}`);
    expect(d.body).toMatchObject({ computedTotPayments: 3, computedSumPayments: 3 });
    expectFdrError(await psp.publish(name), 400, 'FDR-4001', `On flow with ID [${name}], [2] payments were defined to be added but [3] were actually added.`);
    await psp.del(name, [3]);
    expect((await psp.publish(name)).status).toBe(200);
    // a draft read through another EC is not found
    expectFdrError(await psp.call('GET', `/psps/${PSP}/published/fdrs/${name}/revisions/1/organizations/66666666666`), 404, 'FDR-3001');
  });
});
