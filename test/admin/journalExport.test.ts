import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { admin, NodeForPsp } from '../helpers/soap';
import { freshNav, pay, paForNode, publishNotice, receiptsOf, waitFor } from '../receipts/helpers';

interface Exchange {
  seq: string;
  direction: string;
  operation: string;
  outcome: string;
  faultCode?: string;
  noticeNumber?: string;
  token?: string;
  stationCode?: string;
  request: string;
  response: string;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, isArray: (name) => name === 'exchange' });

/**
 * The journal as evidence (issue 15 item 6): the outcome rows are found by notice number, and one call
 * exports a payment's whole exchange set, in order, as one XML document with every message verbatim.
 */
describe.each(DATABASE_IDS)('/admin/journal/export on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  const nav = freshNav('03');
  const navV1 = freshNav('04');
  let token: string;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    await publishNotice(server.baseUrl, nav, [{ cents: 3000 }]);
    await publishNotice(server.baseUrl, navV1, [{ cents: 1500 }]);
    expect((await nodo.verify(nav)).result.outcome).toBe('OK');
    ({ token } = await pay(nodo, nav, 3000, true));
    await waitFor(
      'receipt delivered',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs[0]?.status === 'NOTIFIED',
    );
    // a second outcome for the same token: a KO that names no notice, found by its token
    expect((await nodo.outcomeV2([token], 'OK')).result).toMatchObject({ outcome: 'KO', fault: { faultCode: 'PPT_ESITO_GIA_ACQUISITO' } });
    await pay(nodo, navV1, 1500, false);
  });
  afterAll(async () => {
    await server?.stop();
  });

  type Page = { total: number; items: { operation: string; outcome: string; noticeNumber: string | null; token: string | null }[] };

  it('finds the outcome rows by notice number (V2 and V1)', async () => {
    const v2 = await admin<Page>(server.baseUrl, `/admin/journal?noticeNumber=${nav}&operation=sendPaymentOutcomeV2`);
    expect(v2.body.items).toEqual([expect.objectContaining({ operation: 'sendPaymentOutcomeV2', outcome: 'OK', noticeNumber: nav, token })]);
    const v1 = await admin<Page>(server.baseUrl, `/admin/journal?noticeNumber=${navV1}&operation=sendPaymentOutcome`);
    expect(v1.body.items).toEqual([expect.objectContaining({ operation: 'sendPaymentOutcome', outcome: 'OK', noticeNumber: navV1 })]);
    // the receipt sent to the station carries the notice too
    const rt = await admin<Page>(server.baseUrl, `/admin/journal?noticeNumber=${nav}&direction=out&operation=paSendRTV2`);
    expect(rt.body.items).toEqual([expect.objectContaining({ outcome: 'OK', noticeNumber: nav, token })]);
  });

  it('exports the whole exchange set in order, each message verbatim', async () => {
    const res = await fetch(`${server.baseUrl}/admin/journal/export?noticeNumber=${nav}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(res.headers.get('content-disposition')).toContain(`journal-${nav}.xml`);
    const doc = parser.parse(await res.text()).journalExport as { noticeNumber: string; count: string; exchange: Exchange[] };
    expect(doc.noticeNumber).toBe(nav);
    const ex = doc.exchange;
    expect(doc.count).toBe(String(ex.length));
    expect(ex.map((e) => e.seq)).toEqual(ex.map((_e, i) => String(i + 1)));
    expect(ex.map((e) => `${e.direction} ${e.operation} ${e.outcome}`)).toEqual([
      'in verifyPaymentNotice OK',
      'out paVerifyPaymentNotice OK',
      'in activatePaymentNoticeV2 OK',
      'out paGetPaymentV2 OK',
      'in sendPaymentOutcomeV2 OK',
      'out paSendRTV2 OK',
      'in sendPaymentOutcomeV2 KO',
    ]);
    expect(ex[6]).toMatchObject({ faultCode: 'PPT_ESITO_GIA_ACQUISITO', token });
    expect(ex[5]).toMatchObject({ stationCode: '66666666666_03', noticeNumber: nav, token });
    // the messages themselves, as sent and answered
    expect(ex[0].request).toContain(`<noticeNumber>${nav}</noticeNumber>`);
    expect(ex[2].response).toContain(`<paymentToken>${token}</paymentToken>`);
    expect(ex[4].request).toContain(`<paymentToken>${token}</paymentToken>`);
    const rt = paForNode(ex[5].request);
    expect(rt.element).toBe('paSendRTV2Request');
    expect(rt.body.receipt).toMatchObject({ noticeNumber: nav, receiptId: token });
    // the other notice's exchanges stay out
    expect(ex.every((e) => e.noticeNumber === undefined || e.noticeNumber === nav)).toBe(true);
  });

  it('narrows to one token: its rows and the notice-only ones', async () => {
    const res = await fetch(`${server.baseUrl}/admin/journal/export?noticeNumber=${nav}&token=${'X'.repeat(32)}&format=xml`);
    expect(res.status).toBe(200);
    const doc = parser.parse(await res.text()).journalExport as { exchange: Exchange[] };
    expect(doc.exchange.map((e) => e.operation)).toEqual(['verifyPaymentNotice', 'paVerifyPaymentNotice', 'paGetPaymentV2']);
  });

  it('exports the same exchanges as a ZIP: index.json, then one file per message in order, the bytes of the per-exchange downloads', async () => {
    const res = await fetch(`${server.baseUrl}/admin/journal/export?noticeNumber=${nav}&format=zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="journal-${nav}.zip"`);
    const zip = new Uint8Array(await res.arrayBuffer());
    // a ZIP (local file header), not something that merely says so
    expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const files = unzipSync(zip);
    const names = Object.keys(files);
    const flow = [
      'in-verifyPaymentNotice',
      'out-paVerifyPaymentNotice',
      'in-activatePaymentNoticeV2',
      'out-paGetPaymentV2',
      'in-sendPaymentOutcomeV2',
      'out-paSendRTV2',
      'in-sendPaymentOutcomeV2',
    ];
    expect(names).toEqual(['index.json', ...flow.flatMap((f, i) => [`0${i + 1}-${f}-request.xml`, `0${i + 1}-${f}-response.xml`])]);

    type Entry = {
      seq: number;
      id: number;
      time: string;
      direction: string;
      operation: string;
      station: string | null;
      outcome: string;
      faultCode: string | null;
      files: { request: string; response: string };
    };
    const index = JSON.parse(strFromU8(files['index.json']!)) as { noticeNumber: string; count: number; exchanges: Entry[] };
    expect(index).toMatchObject({ noticeNumber: nav, count: 7 });
    expect(index.exchanges.map((e) => `${e.seq} ${e.direction} ${e.operation} ${e.outcome} ${e.faultCode}`)).toEqual([
      '1 in verifyPaymentNotice OK null',
      '2 out paVerifyPaymentNotice OK null',
      '3 in activatePaymentNoticeV2 OK null',
      '4 out paGetPaymentV2 OK null',
      '5 in sendPaymentOutcomeV2 OK null',
      '6 out paSendRTV2 OK null',
      '7 in sendPaymentOutcomeV2 KO PPT_ESITO_GIA_ACQUISITO',
    ]);
    expect(index.exchanges[5]!.station).toBe('66666666666_03');
    expect(index.exchanges[0]!.station).toBeNull();
    // in time order, and each file is the one the index names
    const times = index.exchanges.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(index.exchanges.flatMap((e) => [e.files.request, e.files.response])).toEqual(names.slice(1));

    // byte for byte what /admin/journal/{id}/request.xml and response.xml download
    for (const e of index.exchanges) {
      for (const part of ['request', 'response'] as const) {
        const one = new Uint8Array(await (await fetch(`${server.baseUrl}/admin/journal/${e.id}/${part}.xml`)).arrayBuffer());
        expect(Buffer.from(files[e.files[part]]!).equals(Buffer.from(one))).toBe(true);
      }
    }
    // the messages themselves: the payment's token in the activation's answer and in the receipt
    expect(strFromU8(files[index.exchanges[2]!.files.response]!)).toContain(`<paymentToken>${token}</paymentToken>`);
    expect(paForNode(strFromU8(files[index.exchanges[5]!.files.request]!)).body.receipt).toMatchObject({ noticeNumber: nav, receiptId: token });
    // and the PSP's password masked, as in the journal (the demo PSP sends one on every call)
    const verify = strFromU8(files[index.exchanges[0]!.files.request]!);
    expect(verify).toMatch(/<password>\*+<\/password>/);
  });

  it('narrows the ZIP to one token, named after it', async () => {
    const res = await fetch(`${server.baseUrl}/admin/journal/export?noticeNumber=${nav}&token=${token}&format=zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="journal-${nav}-${token}.zip"`);
    const index = JSON.parse(strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['index.json']!)) as { token: string; exchanges: { token: string | null }[] };
    expect(index.token).toBe(token);
    expect(index.exchanges.every((e) => e.token === null || e.token === token)).toBe(true);
  });

  it('refuses bad queries with a problem, and an unknown notice is a 404', async () => {
    const problem = async (q: string) => {
      const r = await admin<{ status: number; detail: string }>(server.baseUrl, `/admin/journal/export${q}`);
      return { status: r.status, detail: r.body.detail };
    };
    expect(await problem('')).toEqual({ status: 400, detail: expect.stringContaining('noticeNumber is required') });
    expect(await problem('?noticeNumber=12')).toEqual({ status: 400, detail: expect.stringContaining('18 digits') });
    expect(await problem(`?noticeNumber=${nav}&format=tar`)).toEqual({ status: 400, detail: 'format must be one of xml, zip, got "tar"' });
    expect(await problem(`?noticeNumber=${freshNav('03')}&format=zip`)).toEqual({ status: 404, detail: expect.stringContaining('no journal exchange') });
    expect(await problem(`?noticeNumber=${nav}&token=a%22b`)).toEqual({ status: 400, detail: expect.stringContaining('token must be a payment token') });
    expect(await problem(`?noticeNumber=${nav}&limit=3`)).toEqual({ status: 400, detail: expect.stringContaining('unknown parameter "limit"') });
    expect(await problem(`?noticeNumber=${freshNav('03')}`)).toEqual({ status: 404, detail: expect.stringContaining('no journal exchange') });
  });
});
