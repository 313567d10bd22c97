import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWith } from '../helpers/crossChecks';
import { DATABASES } from '../helpers/databases';
import { startMockEc, type RunningMockEc } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, runJob } from '../helpers/soap';
import { freshNav, pay, publishNotice, receiptsOf, waitFor, writeRegistry, type ReceiptView } from './helpers';

const pg = DATABASES.find((d) => d.id === 'postgres');
const N = 60;

/**
 * Two emulator processes on one PostgreSQL share the receipts outbox: each claims with FOR UPDATE SKIP
 * LOCKED and a lease, so every receipt is delivered exactly once, whichever process paid it and whichever
 * pokes or runs the job. The EC is the standalone mock EC, whose history counts what it received.
 */
describeWith('postgres')('receipts with two processes on one PostgreSQL', () => {
  let mock: RunningMockEc;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    const db = await pg!.create();
    mock = await startMockEc({ db });
    const registry = writeRegistry((doc) => {
      for (const s of doc.stations) if (s.backend.type === 'remote') s.backend = { ...s.backend, url: mock.url };
      // no retry before the job runs: a failed first attempt waits a minute
      doc.configuration['receipts.retryBackoffSeconds'] = '60';
    });
    a = await startServer({ db, args: ['--registry', registry] });
    b = await startServer({ db, args: ['--registry', registry] });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await mock?.stop();
  });

  it(`${N} payments across both processes: each receipt reaches the EC once per attempt, never twice`, async () => {
    const navs = Array.from({ length: N }, () => freshNav('03'));
    for (const nav of navs) await publishNotice(a.baseUrl, nav, [{ cents: 500 }]);
    const clients = [await NodeForPsp.connect(a.wsdlUrl), await NodeForPsp.connect(b.wsdlUrl)];

    // first attempts all fail: exactly N KO answers are queued, so a receipt sent twice would leave another one delivered
    await mock.queue('paSendRTV2', { action: 'fault', faultCode: 'PAA_SYSTEM_ERROR', times: N });
    for (let i = 0; i < N; i += 10) {
      await Promise.all(navs.slice(i, i + 10).map((nav, j) => pay(clients[(i + j) % 2]!, nav, 500, true)));
    }
    const pending = async () => (await Promise.all(navs.map((nav) => receiptsOf(a.baseUrl, nav)))).map((rs) => rs[0]);
    const first = await waitFor('first attempts', pending, (rs) => rs.every((r) => r?.status === 'NOTICE_PENDING'));
    expect(first.every((r) => r!.attempts === 1)).toBe(true);

    // then both processes run the retry job at the same time, twice each, while every answer takes a while
    await mock.queue('paSendRTV2', { action: 'delay', delayMs: 100, times: 0 });
    const runs = await Promise.all([runJob(a.baseUrl, 'paSendRt'), runJob(b.baseUrl, 'paSendRt'), runJob(a.baseUrl, 'paSendRt'), runJob(b.baseUrl, 'paSendRt')]);
    expect(runs.reduce((sum, r) => sum + r.body.processed, 0)).toBe(N);
    await mock.clear();

    const done = (await pending()) as ReceiptView[];
    expect(done.filter((r) => r.status !== 'NOTIFIED' || r.attempts !== 2)).toEqual([]);
    for (const nav of navs) {
      const history = await mock.history(nav, 'paSendRTV2');
      expect([nav, history.map((h) => h.override)]).toEqual([nav, ['fault', 'delay']]);
    }
  });
});
