import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { expect, it } from '@jest/globals';
import { packedRow, packExchange, readableRow, unpackExchange } from '../../src/store/journalCodec';
import { JOURNAL_DICTIONARIES } from '../../src/store/journalDictionary';
import type { JournalRow } from '../../src/store/rows';

const row = (request: string, response: string): JournalRow => ({
  at: 1,
  request_id: 'r',
  operation: 'activatePaymentNotice',
  id_psp: null,
  id_channel: null,
  fiscal_code: null,
  notice_number: null,
  token: null,
  outcome: 'OK',
  fault_code: null,
  http_status: 200,
  duration_us: 1,
  request_xml: request,
  response_xml: response,
});

const ENV = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

/**
 * The journal's compressed rows (journalCodec.ts) read back byte for byte, whatever the text: the
 * black-box exports (test/admin/journalExport.test.ts) compare what is served with what was sent.
 */
it('gives back exactly the request and response it packed, and stores them much smaller', () => {
  const cases: [string, string][] = [
    [ENV('<nod:activatePaymentNoticeReq><idPSP>60000000001</idPSP></nod:activatePaymentNoticeReq>'), ENV('<outcome>OK</outcome>')],
    ['', ''],
    ['12:34:', 'a:b'],
    ['è € 😀 \uFFFD', 'Città di Roma — ünïcödé'],
    ['x'.repeat(100_000), ENV('<x/>').repeat(50)],
  ];
  for (const [request, response] of cases) {
    expect(unpackExchange(packExchange(request, response))).toEqual({ request, response });
    const stored = packedRow(row(request, response));
    expect(stored).toMatchObject({ request_xml: '', response_xml: '', direction: 'in' });
    expect(readableRow(stored)).toMatchObject({ request_xml: request, response_xml: response });
  }
  const [request, response] = cases[0]!;
  expect(packExchange(request, response).length).toBeLessThan((request.length + response.length) / 3);
});

it('writes with the newest dictionary, and reads the rows of every older format', () => {
  expect(packExchange('a', 'b')[0]).toBe(JOURNAL_DICTIONARIES.length - 1);
  // text, as before migration 20261123120000
  expect(readableRow(row('<a/>', '<b/>'))).toMatchObject({ request_xml: '<a/>', response_xml: '<b/>' });
  // a large response raw-deflated without a dictionary (migration 20261123120000)
  const big = ENV('<x>1</x>'.repeat(500));
  expect(readableRow({ ...row('<a/>', ''), response_xml_deflated: deflateRawSync(big) })).toMatchObject({ request_xml: '<a/>', response_xml: big });
  expect(() => unpackExchange(Buffer.of(200, 1, 2))).toThrow(/dictionary version 200/);
});

it('keeps dictionary version 1 as it was written: rows already stored depend on every byte', () => {
  const v1 = JOURNAL_DICTIONARIES[1]!;
  expect(v1.length).toBe(10735);
  expect(createHash('sha256').update(v1).digest('hex').slice(0, 16)).toBe('189ee8ad4e7c978a');
});
