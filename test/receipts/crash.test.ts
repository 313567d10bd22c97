import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startMockEc, type RunningMockEc } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, runJob } from '../helpers/soap';
import { freshNav, pay, publishNotice, receipt, receiptsOf, tokenOf, waitFor, writeRegistry } from './helpers';

/**
 * A process that stops in the middle of a delivery loses nothing: the receipt's state is in the database
 * only. The EC is the standalone mock EC (its own process, so it outlives the node), told to hold the
 * paSendRTV2; the demo's remote stations point at it, with a short paSendRT timeout so that a lease left
 * on PostgreSQL expires within the test. On SQLite (one serving process per file) a restart gives back
 * every lease at once.
 */
describe.each(DATABASE_IDS)('receipts survive the node process on %s', (id, database) => {
  let db: string;
  let mock: RunningMockEc;
  let registry: string;
  const running: RunningServer[] = [];
  const start = async () => {
    const s = await startServer({ db, args: ['--registry', registry] });
    running.push(s);
    return s;
  };

  beforeAll(async () => {
    db = await database.create();
    mock = await startMockEc({ db });
    registry = writeRegistry((doc) => {
      for (const s of doc.stations) if (s.backend.type === 'remote') s.backend = { ...s.backend, url: mock.url, timeouts: { sendRtMs: 3000 } };
    });
  });
  afterAll(async () => {
    for (const s of running) await s.stop('SIGKILL');
    await mock?.stop();
  });

  /** Pays a notice of station 66666666666_03 whose paSendRTV2 the mock EC holds; resolves once the attempt is in flight. */
  const payHeld = async (server: RunningServer) => {
    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 600 }]);
    await mock.queue('paSendRTV2', { noticeNumber: nav, action: 'timeout' });
    const { token } = await pay(await NodeForPsp.connect(server.wsdlUrl), nav, 600, true);
    const [r] = await waitFor(
      'attempt in flight',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs[0]?.status === 'NOTICE_SENT',
    );
    return { nav, token, id: r!.id };
  };

  const checkDelivered = async (server: RunningServer, held: { nav: string; token: string; id: number }) => {
    // the interrupted attempt wrote nothing; the second one is the delivery
    const r = await receipt(server.baseUrl, held.id);
    expect(r).toMatchObject({ status: 'NOTIFIED', attempts: 2 });
    expect(r.attemptList).toMatchObject([{ attempt: 2, result: 'OK' }]);
    expect((await tokenOf(server.baseUrl, held.token)).status).toBe('NOTIFIED');
    const history = await mock.history(held.nav, 'paSendRTV2');
    expect(history.map((h) => [h.override, h.response === null])).toEqual([
      ['timeout', true],
      [null, false],
    ]);
  };

  it('SIGKILL while the EC holds the paSendRT: the restarted process delivers it', async () => {
    const first = await start();
    const held = await payHeld(first);
    await first.stop('SIGKILL');

    const second = await start();
    if (id === 'sqlite') {
      // the start gave the dead run's lease back and delivered at once
      await waitFor(
        'delivery after restart',
        () => receipt(second.baseUrl, held.id),
        (r) => r.status === 'NOTIFIED',
      );
    } else {
      // PostgreSQL: other processes may be alive, so the lease is only taken once it has expired
      await waitFor(
        'delivery once the lease expired',
        async () => {
          await runJob(second.baseUrl, 'paSendRt');
          return receipt(second.baseUrl, held.id);
        },
        (r) => r.status === 'NOTIFIED',
        20_000,
      );
    }
    await checkDelivered(second, held);
    expect(await second.stop()).toBe(0);
  });

  it('SIGTERM while the EC holds the paSendRT: the lease is given back at shutdown, the next start delivers at once', async () => {
    const first = await start();
    const held = await payHeld(first);
    // a clean exit, after the grace given to the attempt in flight
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await start();
    // no job run and no lease to wait for: the start's own poke takes it
    await waitFor(
      'delivery after restart',
      () => receipt(second.baseUrl, held.id),
      (r) => r.status === 'NOTIFIED',
    );
    await checkDelivered(second, held);
    expect(await second.stop()).toBe(0);
  });
});
