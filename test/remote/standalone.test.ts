import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, startMockEc, type RunningMockEc } from '../helpers/mockEc';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { NodeForPsp } from '../helpers/soap';
import { EC, PSP, PSP_V2, activate, expectNodeRequest, freshNav, journal, publishNotice, writeRegistry } from './helpers';

/**
 * A remote station whose endpoint is another process: the standalone mock EC (`main.js mock-ec`) on the
 * same database, as an EC developer would run their own paForNode endpoint. The registry is switched to
 * it at run time (PUT /admin/registry); when that process stops, the station is unreachable.
 */
describe.each(DATABASE_IDS)('remote station on the standalone mock EC on %s', (_id, database) => {
  let server: RunningServer;
  let standalone: RunningMockEc;
  let nodo: NodeForPsp;

  beforeAll(async () => {
    const db = await database.create();
    server = await startServer({ db, args: ['--registry', writeRegistry(tempDir())] });
    standalone = await startMockEc({ db });
    const file = writeRegistry(tempDir(), { standaloneUrl: standalone.url });
    const put = await fetch(`${server.baseUrl}/admin/registry`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: fs.readFileSync(file, 'utf8') });
    expect(put.status).toBe(200);
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await standalone?.stop();
    await server?.stop();
  });

  it('verify and activateV2 cross to the other process; its overrides apply; once it stops the station is unreachable', async () => {
    const { nav, amountCents } = await publishNotice(server.baseUrl, freshNav('standalone'));
    expect((await nodo.verify(nav, PSP)).result).toMatchObject({ outcome: 'OK', fiscalCodePA: EC });
    const [received] = await standalone.history(nav, 'paVerifyPaymentNotice');
    await expectNodeRequest(received!.request, 'paVerifyPaymentNoticeReq', 'standalone', nav);
    // the emulator's own mock EC saw nothing
    expect(await mockEc(server.baseUrl).history(nav, 'paVerifyPaymentNotice')).toEqual([]);

    await standalone.queue('paGetPaymentV2', { noticeNumber: nav, action: 'fault', faultCode: 'PAA_PAGAMENTO_ANNULLATO', faultString: 'annullato' });
    const ko = await activate(nodo, true, nav, amountCents, PSP);
    expect([ko.outcome, ko.fault?.faultCode, ko.fault?.id]).toEqual(['KO', 'PPT_ERRORE_EMESSO_DA_PAA', EC]);
    await standalone.queue('paGetPaymentV2', { noticeNumber: nav, action: 'delay', delayMs: 100 });
    const ok = await activate(nodo, true, nav, amountCents, PSP);
    expect(ok.outcome).toBe('OK');
    const calls = await standalone.history(nav, 'paGetPaymentV2');
    expect(calls.map((c) => c.override)).toEqual(['fault', 'delay']);
    for (const c of calls) await expectNodeRequest(c.request, 'paGetPaymentV2Request', 'standalone', nav);

    await standalone.stop();
    const other = await publishNotice(server.baseUrl, freshNav('standalone'), { payStandIn: false });
    const down = (await nodo.verify(other.nav, PSP_V2)).result;
    expect([down.outcome, down.fault?.faultCode]).toEqual(['KO', 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE']);
    const rows = (await journal(server.baseUrl, { direction: 'out', station: `${EC}_23` })).items;
    expect(rows.map((r) => [r.noticeNumber, r.operation, r.outcome])).toEqual([
      [other.nav, 'paVerifyPaymentNotice', 'FAULT'],
      [nav, 'paGetPaymentV2', 'OK'],
      [nav, 'paGetPaymentV2', 'KO'],
      [nav, 'paVerifyPaymentNotice', 'OK'],
    ]);
  });
});
