import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { NodeForPsp, runJob, type SoapResult } from '../helpers/soap';
import { assertValidEcMessage } from '../helpers/xsd';
import { EC, PSP, PSP_V2, activate, euros, freshNav, journal, publishNotice, writeRegistry, type StationKey } from './helpers';

/**
 * Stand-In (spec §8.10): a station that is down (no answer in time, no connection) does not stop a
 * payment when the notice is in the archive with payStandIn and both the station and the PSP's channel
 * have flagStandIn: verify and activate are answered from the archive with standin=true, and the
 * payment keeps standin for its receipt. Take away any one condition and the PSP gets the station's fault.
 * Channel 60000000001_08 (PSP_V2) has flagStandIn, 60000000001_01 (PSP) has not.
 */
describe.each(DATABASE_IDS)('Stand-In on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create(), args: ['--registry', writeRegistry(tempDir())] });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const token = async (t: string) => (await (await fetch(`${server.baseUrl}/admin/tokens/${t}`)).json()) as { payment: { standin?: boolean }; stationCode: string };
  const expectFault = (r: SoapResult, code: string) => expect([r.outcome, r.fault?.faultCode]).toEqual(['KO', code]);

  it('station timing out: verify and activateV2 answered from the archive with standin=true; the token keeps standin', async () => {
    const { nav, amountCents } = await publishNotice(server.baseUrl, freshNav('v2'), { payStandIn: true, description: 'Avviso in Stand-In' });
    await ec.queue('paVerifyPaymentNotice', { noticeNumber: nav, action: 'timeout' });
    await ec.queue('paGetPaymentV2', { noticeNumber: nav, action: 'timeout' });

    const verify = (await nodo.verify(nav, PSP_V2)).result;
    expect(verify).toMatchObject({ outcome: 'OK', standin: true, paymentDescription: 'Avviso in Stand-In', fiscalCodePA: EC, companyName: 'Comune di Test' });
    expect(verify.paymentList).toMatchObject({ paymentOptionDescription: [{ amount: euros(amountCents) }] });

    const act = await activate(nodo, true, nav, amountCents, PSP_V2);
    expect(act).toMatchObject({ outcome: 'OK', standin: true, totalAmount: euros(amountCents), creditorReferenceId: nav.slice(1) });
    expect(await token(act.paymentToken as string)).toMatchObject({ payment: { standin: true }, stationCode: `${EC}_13` });

    // the station was called, and timed out: the journal says so
    const rows = (await journal(server.baseUrl, { direction: 'out', noticeNumber: nav })).items;
    expect(rows.map((r) => [r.operation, r.outcome, r.faultCode])).toEqual([
      ['paGetPaymentV2', 'FAULT', 'PPT_STAZIONE_INT_PA_TIMEOUT'],
      ['paVerifyPaymentNotice', 'FAULT', 'PPT_STAZIONE_INT_PA_TIMEOUT'],
    ]);
    expect((await nodo.outcomeV2([act.paymentToken as string], 'OK')).result.outcome).toBe('OK');

    // the station is back: the receipt it gets says the payment was taken in Stand-In (it may be in
    // flight already, sent at once by the outcome: wait for the mock EC to have it, whatever the pace)
    let [receipt] = await ec.history(nav, 'paSendRTV2');
    for (let i = 0; !receipt && i < 100; i++) {
      await runJob(server.baseUrl, 'paSendRt');
      [receipt] = await ec.history(nav, 'paSendRTV2');
      if (!receipt) await new Promise((r) => setTimeout(r, 100));
    }
    expect(receipt).toBeDefined();
    await assertValidEcMessage(receipt!.request);
    expect(receipt!.request).toContain('<standIn>true</standIn>');
  });

  it('station unreachable (nothing listening, connection dropped): Stand-In too, on V1 (paGetPayment) and V2 stations', async () => {
    const down = await publishNotice(server.baseUrl, freshNav('downV2'), { payStandIn: true });
    expect((await nodo.verify(down.nav, PSP_V2)).result).toMatchObject({ outcome: 'OK', standin: true });
    expect(await activate(nodo, true, down.nav, down.amountCents, PSP_V2)).toMatchObject({ outcome: 'OK', standin: true });

    const dropped = await publishNotice(server.baseUrl, freshNav('v1'), { payStandIn: true });
    await ec.queue('paGetPayment', { noticeNumber: dropped.nav, action: 'drop' });
    // activatePaymentNotice (V1) on channel _08, which has flagStandIn
    const act = await activate(nodo, false, dropped.nav, dropped.amountCents, PSP_V2);
    expect(act).toMatchObject({ outcome: 'OK', standin: true });
    expect(await token(act.paymentToken as string)).toMatchObject({ payment: { standin: true } });
    expect((await ec.history(dropped.nav, 'paGetPayment')).length).toBe(1);
  });

  const off: [string, { station: StationKey; creds: object; payStandIn: boolean; override: 'timeout' | 'none'; code: string }][] = [
    ['the PSP channel has no flagStandIn', { station: 'v2', creds: PSP, payStandIn: true, override: 'timeout', code: 'PPT_STAZIONE_INT_PA_TIMEOUT' }],
    ['the station has no flagStandIn', { station: 'v2NoStandIn', creds: PSP_V2, payStandIn: true, override: 'timeout', code: 'PPT_STAZIONE_INT_PA_TIMEOUT' }],
    ['the position has payStandIn false', { station: 'v2', creds: PSP_V2, payStandIn: false, override: 'timeout', code: 'PPT_STAZIONE_INT_PA_TIMEOUT' }],
    [
      'the station is unreachable and the position has payStandIn false',
      { station: 'downV2', creds: PSP_V2, payStandIn: false, override: 'none', code: 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE' },
    ],
  ];
  it.each(off)('no Stand-In when %s: the station failure reaches the PSP', async (_name, c) => {
    const { nav, amountCents } = await publishNotice(server.baseUrl, freshNav(c.station), { payStandIn: c.payStandIn });
    if (c.override === 'timeout') {
      await ec.queue('paVerifyPaymentNotice', { noticeNumber: nav, action: 'timeout' });
      await ec.queue('paGetPaymentV2', { noticeNumber: nav, action: 'timeout' });
    }
    expectFault((await nodo.verify(nav, c.creds)).result, c.code);
    expectFault(await activate(nodo, true, nav, amountCents, c.creds), c.code);
    // and nothing was locked: once the station is back (the mock EC answers again) the payment goes through
    if (c.override === 'timeout') expect(await activate(nodo, true, nav, amountCents, c.creds)).toMatchObject({ outcome: 'OK' });
  });

  it('no Stand-In for a notice the archive does not hold', async () => {
    const nav = freshNav('downV2');
    expectFault((await nodo.verify(nav, PSP_V2)).result, 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE');
  });

  it('no Stand-In when the station is up but failing (HTTP 503, EC fault, bad answer): those faults reach the PSP', async () => {
    const { nav, amountCents } = await publishNotice(server.baseUrl, freshNav('v2'), { payStandIn: true });
    await ec.queue('paGetPaymentV2', { noticeNumber: nav, action: 'http', httpStatus: 503 });
    await ec.queue('paGetPaymentV2', { noticeNumber: nav, action: 'fault', faultCode: 'PAA_SYSTEM_ERROR', faultString: 'Errore generico.' });
    await ec.queue('paGetPaymentV2', { noticeNumber: nav, action: 'invalid' });
    expectFault(await activate(nodo, true, nav, amountCents, PSP_V2), 'PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO');
    expectFault(await activate(nodo, true, nav, amountCents, PSP_V2), 'PPT_ERRORE_EMESSO_DA_PAA');
    expectFault(await activate(nodo, true, nav, amountCents, PSP_V2), 'PPT_STAZIONE_INT_PA_ERRORE_RESPONSE');
    const ok = await activate(nodo, true, nav, amountCents, PSP_V2);
    expect(ok.outcome).toBe('OK');
    expect(ok.standin).toBeUndefined();
    expect(await token(ok.paymentToken as string)).not.toMatchObject({ payment: { standin: true } });
  });

  it('no Stand-In for a notice the archive would refuse (already paid): the station failure', async () => {
    const { nav, amountCents } = await publishNotice(server.baseUrl, freshNav('downV2'), { payStandIn: true });
    const res = await fetch(`${server.baseUrl}/gpd/debt-positions-service/v1/organizations/${EC}/paymentoptions/paids/${nav}`, {
      method: 'POST',
      headers: { 'Ocp-Apim-Subscription-Key': `demo-ec-${EC}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(res.status).toBe(200);
    expectFault((await nodo.verify(nav, PSP_V2)).result, 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE');
    expectFault(await activate(nodo, true, nav, amountCents, PSP_V2), 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE');
  });
});
