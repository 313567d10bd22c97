import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { ROOT, startServer, type RunningServer } from '../helpers/server';
import { admin, NodeForPsp, runJob } from '../helpers/soap';
import { assertValidEcMessage } from '../helpers/xsd';
import { ARCHIVE, EC, EC2, IBAN2, freshNav, pay, publishNotice, receipt, receiptsOf, tokenOf, waitFor, type ReceiptView } from './helpers';

/**
 * /admin/receipts: the outbox list (filters, pages, problem JSON on bad filters), one receipt with its
 * attempts, the paSendRT(V2) envelope as a download, and a resend, even of a NOTIFIED receipt.
 */
describe.each(DATABASE_IDS)('/admin/receipts on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;
  let remote: ReceiptView;
  let archive: ReceiptView[];
  const remoteNav = freshNav('03');
  const archiveNav = freshNav(ARCHIVE);

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
    await publishNotice(server.baseUrl, remoteNav, [{ cents: 1000 }]);
    await publishNotice(server.baseUrl, archiveNav, [{ cents: 1000 }, { cents: 200, ec: EC2, iban: IBAN2 }]);
    await pay(nodo, remoteNav, 1000, true);
    [remote] = await waitFor(
      'remote receipt',
      () => receiptsOf(server.baseUrl, remoteNav),
      (rs) => rs[0]?.status === 'NOTIFIED',
    );
    await pay(nodo, archiveNav, 1200, true);
    archive = await receiptsOf(server.baseUrl, archiveNav);
  });
  afterAll(async () => {
    await server?.stop();
  });

  type Page = { total: number; limit: number; offset: number; items: ReceiptView[] };
  const page = (q: string) => admin<Page>(server.baseUrl, `/admin/receipts${q}`);

  it('lists receipts newest first, filtered and paged', async () => {
    const all = await page('');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(all.body.items.map((r) => r.stationCode)).toEqual(['88888888888_01', '66666666666_02', '66666666666_03']);
    expect(all.body.items[2]).toMatchObject({ noticeNumber: remoteNav, status: 'NOTIFIED', links: { xml: `/admin/receipts/${remote.id}/xml` } });

    expect((await page(`?noticeNumber=${archiveNav}`)).body.total).toBe(2);
    expect((await page(`?token=${remote.token}`)).body.items.map((r) => r.id)).toEqual([remote.id]);
    // fiscalCode: the notice's EC or the recipient EC
    expect((await page(`?fiscalCode=${EC2}`)).body.items.map((r) => r.stationCode)).toEqual(['88888888888_01']);
    expect((await page(`?fiscalCode=${EC}`)).body.total).toBe(3);
    expect((await page('?station=66666666666_03&status=NOTIFIED')).body.total).toBe(1);
    expect((await page('?status=NOTICE_PENDING')).body).toMatchObject({ total: 0, items: [] });
    const second = await page('?limit=1&offset=1');
    expect(second.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(second.body.items.map((r) => r.stationCode)).toEqual(['66666666666_02']);
  });

  it('refuses bad filters with a problem naming them', async () => {
    for (const [q, word] of [
      ['?nav=1', 'unknown parameter "nav"'],
      ['?status=DONE', 'status'],
      ['?limit=0', 'limit'],
      ['?offset=-1', 'offset'],
      ['?noticeNumber=123', 'noticeNumber'],
      ['?fiscalCode=ABC', 'fiscalCode'],
    ]) {
      const res = await fetch(`${server.baseUrl}/admin/receipts${q}`);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toContain(word);
    }
  });

  it('shows one receipt with its attempts; downloads the envelope as sent', async () => {
    const one = await receipt(server.baseUrl, remote.id);
    expect(one).toMatchObject({ id: remote.id, status: 'NOTIFIED', attempts: 1, primitive: 'paSendRTV2', isPrimary: true });
    expect(one.attemptList).toMatchObject([{ attempt: 1, result: 'OK', faultCode: null, httpStatus: 200 }]);
    // the view names what an operator needs: not who holds the delivery lease, nor the raw envelope
    expect(Object.keys(one).filter((k) => /lease_?owner|_|requestXml/i.test(k))).toEqual([]);

    const res = await fetch(`${server.baseUrl}/admin/receipts/${remote.id}/xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=receipt-${remote.id}-paSendRTV2-${remoteNav}.xml`);
    const xml = await res.text();
    expect((await assertValidEcMessage(xml)).element).toBe('paSendRTV2Request');
    // byte for byte what the EC received
    expect(xml).toBe((await ec.history(remoteNav, 'paSendRTV2'))[0]!.request);

    for (const p of ['/admin/receipts/999999', '/admin/receipts/abc', '/admin/receipts/999999/xml']) {
      const missing = await admin<{ status: number }>(server.baseUrl, p);
      expect([p, missing.status, missing.body.status]).toEqual([p, 404, 404]);
    }
    expect((await admin(server.baseUrl, '/admin/receipts/999999/resend', { method: 'POST' })).status).toBe(404);
  });

  it('resends a NOTIFIED receipt: the EC answers it already has it (PAA_RECEIPT_DUPLICATA), which counts as delivered', async () => {
    const res = await admin<ReceiptView>(server.baseUrl, `/admin/receipts/${remote.id}/resend`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'NOTIFIED', attempts: 2, lastError: null });
    expect(res.body.attemptList![1]).toMatchObject({ attempt: 2, result: 'KO', faultCode: 'PAA_RECEIPT_DUPLICATA' });
    expect((await ec.history(remoteNav, 'paSendRTV2')).map((h) => h.request)).toHaveLength(2);
    // an archive receipt is stored again, no HTTP
    const stored = await admin<ReceiptView>(server.baseUrl, `/admin/receipts/${archive[0]!.id}/resend`, { method: 'POST' });
    expect(stored.body).toMatchObject({ status: 'NOTIFIED', attempts: 1, attemptList: [{ result: 'OK', detail: 'stored: archive station', httpStatus: null }] });
    expect((await runJob(server.baseUrl, 'paSendRt')).body.processed).toBe(0);
  });

  it('a receipt being delivered cannot be resent (409)', async () => {
    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 500 }]);
    // the mock EC holds the paSendRTV2: the attempt stays in flight (station timeout 15 s)
    await ec.queue('paSendRTV2', { noticeNumber: nav, action: 'timeout' });
    const { token } = await pay(nodo, nav, 500, true);
    const [held] = await waitFor(
      'attempt in flight',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs[0]?.status === 'NOTICE_SENT',
    );
    const busy = await admin<{ status: number; detail: string }>(server.baseUrl, `/admin/receipts/${held!.id}/resend`, { method: 'POST' });
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toContain('being delivered');
    // nor does the job take it
    expect((await runJob(server.baseUrl, 'paSendRt')).body.processed).toBe(0);
    expect((await tokenOf(server.baseUrl, token)).status).toBe('PAID');
  });

  it('with receipts.duplicateMeansDelivered false, a duplicate answer leaves the receipt pending', async () => {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8'));
    doc.configuration['receipts.duplicateMeansDelivered'] = false;
    expect((await admin(server.baseUrl, '/admin/registry', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) })).status).toBe(200);
    const res = await admin<ReceiptView>(server.baseUrl, `/admin/receipts/${remote.id}/resend`, { method: 'POST' });
    expect(res.body).toMatchObject({ status: 'NOTICE_PENDING', attempts: 3, lastError: expect.stringContaining('PAA_RECEIPT_DUPLICATA') });
    // the notice was NOTIFIED by the first delivery and stays so
    expect((await tokenOf(server.baseUrl, remote.token)).status).toBe('NOTIFIED');
  });
});
