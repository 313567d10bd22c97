import fs from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { admin, advanceClock, envelope, freshNotice, NodeForPsp, verifyXml } from '../helpers/soap';

type RetentionResult = { job: string; processed: number; retention: string; batches: number; longestBatchUs: number; reclaimedBytes: number };
type JournalPage = { total: number; items: { id: number; noticeNumber?: string | null }[] };
const DAY = 86_400_000;

const runRetention = (baseUrl: string) => admin<RetentionResult>(baseUrl, '/admin/jobs/journalRetention/run', { method: 'POST' });
const journal = (baseUrl: string, query = '') => admin<JournalPage>(baseUrl, `/admin/journal?limit=100${query}`);
const journalTotal = async (baseUrl: string, query = '') => (await journal(baseUrl, query)).body.total;

/**
 * `n` verifies, a few at a time: one journal row each (plain fetch: the journal, not the answer, is under
 * test here). The synthetic station stores each notice it is asked about: `notice` repeats a few to keep that out of a size measure.
 */
async function verifies(soapUrl: string, n: number, notice: () => string = freshNotice): Promise<void> {
  const one = async () => {
    const res = await fetch(soapUrl, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: 'verifyPaymentNotice' }, body: envelope(verifyXml(notice())) });
    expect(res.status).toBe(200);
    await res.text();
  };
  for (let i = 0; i < n; i += 20) await Promise.all(Array.from({ length: Math.min(20, n - i) }, one));
}

async function pay(nodo: NodeForPsp): Promise<{ notice: string; token: string }> {
  const notice = freshNotice();
  const act = await nodo.activate(notice);
  expect(act.result.outcome).toBe('OK');
  const token = act.result.paymentToken as string;
  expect((await nodo.outcome(token)).result.outcome).toBe('OK');
  return { notice, token };
}

/**
 * --journal-retention and the journalRetention job (issue 16 item 4): rows beyond the retention go, in
 * batches, and nothing but the journal is touched.
 */
describe.each(DATABASE_IDS)('journal retention on %s', (_id, database) => {
  describe('a duration (1d) on the emulator clock', () => {
    let server: RunningServer;
    let nodo: NodeForPsp;
    beforeAll(async () => {
      server = await startServer({ db: await database.create(), args: ['--journal-retention', '1d'] });
      nodo = await NodeForPsp.connect(server.wsdlUrl);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('deletes the rows older than a day, keeps the newer ones and every payment', async () => {
      const old = await pay(nodo);
      await verifies(server.soapUrl, 5);
      const oldRows = await journalTotal(server.baseUrl);
      expect(oldRows).toBeGreaterThanOrEqual(7);
      // nothing is a day old yet
      expect((await runRetention(server.baseUrl)).body).toMatchObject({ job: 'journalRetention', processed: 0, retention: '1d' });

      expect((await advanceClock(server.baseUrl, 2 * DAY)).status).toBe(200);
      const cutoff = Date.now() + DAY;
      const fresh = await pay(nodo);
      await verifies(server.soapUrl, 3);
      const before = await journalTotal(server.baseUrl, `&to=${cutoff}`);
      const newer = await journalTotal(server.baseUrl, `&from=${cutoff}`);
      expect(before).toBe(oldRows);
      expect(newer).toBeGreaterThanOrEqual(5);

      const { status, body } = await runRetention(server.baseUrl);
      expect(status).toBe(200);
      expect(body).toMatchObject({ job: 'journalRetention', processed: oldRows, retention: '1d' });
      expect(body.batches).toBeGreaterThanOrEqual(1);
      expect(await journalTotal(server.baseUrl, `&to=${cutoff}`)).toBe(0);
      expect(await journalTotal(server.baseUrl, `&from=${cutoff}`)).toBe(newer);
      expect(await journalTotal(server.baseUrl, `&noticeNumber=${old.notice}`)).toBe(0);
      expect(await journalTotal(server.baseUrl, `&noticeNumber=${fresh.notice}`)).toBeGreaterThanOrEqual(2);
      // the old payment itself stays: token, events, receipt
      const token = await admin<{ status: string }>(server.baseUrl, `/admin/tokens/${old.token}`);
      expect(token.status).toBe(200);
      expect(token.body.status).toMatch(/^(PAID|NOTIFIED)$/);
      expect((await admin<{ total: number }>(server.baseUrl, `/admin/receipts?noticeNumber=${old.notice}`)).body.total).toBeGreaterThanOrEqual(1);
      // a second pass has nothing left to do
      expect((await runRetention(server.baseUrl)).body.processed).toBe(0);
    });

    it('journals and keeps a payment made while the job deletes thousands of rows', async () => {
      await verifies(server.soapUrl, 2500);
      expect((await advanceClock(server.baseUrl, 2 * DAY)).status).toBe(200);
      const old = await journalTotal(server.baseUrl);
      const [job, paid] = await Promise.all([runRetention(server.baseUrl), pay(nodo)]);
      expect(job.status).toBe(200);
      // 1,000 rows per transaction
      expect(job.body.batches).toBeGreaterThanOrEqual(3);
      expect(job.body.processed).toBeGreaterThanOrEqual(2500);
      expect(job.body.processed).toBeLessThanOrEqual(old);
      const rows = await journal(server.baseUrl, `&noticeNumber=${paid.notice}`);
      expect(rows.body.total).toBe(2);
      expect((await admin(server.baseUrl, `/admin/tokens/${paid.token}`)).status).toBe(200);
    });
  });

  describe('a row count (5rows)', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ db: await database.create(), args: ['--journal-retention', '5rows'] });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('keeps exactly the 5 newest rows', async () => {
      await verifies(server.soapUrl, 12);
      const all = await journal(server.baseUrl);
      expect(all.body.total).toBe(12);
      const { body } = await runRetention(server.baseUrl);
      expect(body).toMatchObject({ job: 'journalRetention', processed: 7, retention: '5rows' });
      const kept = await journal(server.baseUrl);
      expect(kept.body.total).toBe(5);
      expect(kept.body.items.map((r) => r.id)).toEqual(all.body.items.slice(0, 5).map((r) => r.id));
      expect((await runRetention(server.baseUrl)).body.processed).toBe(0);
    });
  });

  describe('0 (keep everything)', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ db: await database.create(), args: ['--journal-retention', '0'] });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('deletes nothing, however old', async () => {
      await verifies(server.soapUrl, 4);
      expect((await advanceClock(server.baseUrl, 3650 * DAY)).status).toBe(200);
      expect((await runRetention(server.baseUrl)).body).toEqual({ job: 'journalRetention', processed: 0, retention: '0', batches: 0, longestBatchUs: 0, reclaimedBytes: 0 });
      expect(await journalTotal(server.baseUrl)).toBe(4);
    });
  });
});

describe('journal retention on a SQLite file', () => {
  const file = path.join(tempDir(), 'nodo.sqlite');
  /** the file's size once its WAL is folded in (as `sqlite3 nodo.sqlite 'PRAGMA wal_checkpoint(TRUNCATE)'` would) */
  const size = () => {
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return fs.statSync(file).size;
  };
  const session = async <T>(fn: (s: RunningServer) => Promise<T>): Promise<T> => {
    const s = await startServer({ db: `sqlite:${file}`, args: ['--journal-retention', '10rows'] });
    try {
      return await fn(s);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  };

  const few = Array.from({ length: 20 }, freshNotice);
  let k = 0;
  const repeated = () => few[k++ % few.length]!;

  it('gives the space of deleted rows back, and the file stops growing', async () => {
    await session((s) => verifies(s.soapUrl, 3000, repeated));
    const full = size();
    const first = await session(async (s) => (await runRetention(s.baseUrl)).body);
    expect(first.processed).toBeGreaterThanOrEqual(2990);
    expect(first.reclaimedBytes).toBeGreaterThan(0);
    const cleaned = size();
    // the vacuum gave the rows' pages back: the file is smaller by about what the job reported (a few pages
    // of other tables move meanwhile)
    expect(Math.abs(full - first.reclaimedBytes - cleaned)).toBeLessThan(64 * 1024);
    expect(cleaned).toBeLessThan(full / 2);

    // the same load again, then a cleaning pass: back where it was, not above the first peak
    await session(async (s) => {
      await verifies(s.soapUrl, 3000, repeated);
      expect((await runRetention(s.baseUrl)).body.processed).toBe(3000);
    });
    const again = size();
    expect(again).toBeLessThan(full);
    expect(Math.abs(again - cleaned)).toBeLessThan((full - cleaned) / 2);
  });
});
