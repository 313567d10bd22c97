import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { DATABASE_IDS } from '../helpers/databases';
import { expectOpenApiResponse, expectOpenApiSchema } from '../helpers/openapi';
import { ROOT, startServer, type RunningServer } from '../helpers/server';

/**
 * pagoPA's Backoffice External APIs over HTTP, against the demo registry: an EC broker's creditor
 * institutions and IBANs (openapi_backoffice_external_ec.json), every EC's IBANs for a PSP
 * (openapi_backoffice_external_psp.json). Every answer is checked against the official file. Expected
 * lists are computed here from registry/demo.yaml with plain filters, independently of the server's code.
 */
const EC_SPEC = 'pagopa-api/openapi/openapi_backoffice_external_ec.json';
const PSP_SPEC = 'pagopa-api/openapi/openapi_backoffice_external_psp.json';
const EC_BASE = '/backoffice/external/ec/v1';
const PSP_BASE = '/backoffice/external/psp/v1';
const INSTITUTIONS = '/brokers/{brokerCode}/creditor_institutions';
const BROKER_IBANS = '/brokers/{brokerCode}/ibans';
const ALL_IBANS = '/creditor_institutions/ibans';
const PROBLEM = 'application/problem+json';
const TYPE = 'https://pagopa-node-emulator/problems/';
const HUGE = '99999999999999999999';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const BROKER = '66666666666';
const BROKER_KEY = 'demo-broker-66666666666';
const TE_KEY = 'demo-broker-77777777777';
const PSP_KEY = 'demo-psp-60000000001';

type Json = any;
const readDemo = (): Json => YAML.parse(fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8'));
const DEMO = readDemo();

/** The demo's associations on stations of `broker`, as [EC, station, code] triples. */
function demoAssociations(broker: string): string[][] {
  const stations = new Set(DEMO.stations.filter((s: Json) => s.brokerCode === broker).map((s: Json) => s.stationCode));
  return DEMO.stationCreditorInstitutions
    .filter((a: Json) => stations.has(a.stationCode))
    .map((a: Json) => [a.creditorInstitutionCode, a.stationCode, a.segregationCode ?? a.applicationCode ?? ''])
    .sort();
}

/** The demo's IBANs of the ECs of `broker`'s stations (each EC once), as [EC, IBAN] pairs. */
function demoIbans(broker?: string): string[][] {
  const ecs = broker === undefined ? undefined : new Set(demoAssociations(broker).map(([ec]) => ec));
  return DEMO.ibans
    .filter((i: Json) => !ecs || ecs.has(i.creditorInstitutionCode))
    .map((i: Json) => [i.creditorInstitutionCode, i.iban])
    .sort();
}

interface Answer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  allow: string | null;
  body: Json;
}

describe.each(DATABASE_IDS)('Backoffice External APIs on %s', (_id, database) => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function call(path: string, key: string | null, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    const res = await fetch(`${server.baseUrl}${path}`, { method: opts.method ?? 'GET', headers: { ...(key ? { 'Ocp-Apim-Subscription-Key': key } : {}), ...opts.headers } });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    return { status: res.status, contentType, requestId: res.headers.get('x-request-id'), allow: res.headers.get('allow'), body: text ? JSON.parse(text) : undefined };
  }

  /**
   * Every answer against the official file. The files declare 401 and 403 without a body (APIM's); we
   * answer them, like every error, with a ProblemJson that says what is wrong: for those the status must
   * be one the file declares, and the body a ProblemJson of the file. A 405 is ours alone.
   */
  function checked(file: string, specPath: string, a: Answer): Answer {
    if (a.status === 401 || a.status === 403) expectOpenApiResponse(file, specPath, 'get', a.status, undefined);
    else if (a.status !== 405) expectOpenApiResponse(file, specPath, 'get', a.status, a.body);
    if (a.status >= 400) expectOpenApiSchema(file, 'ProblemJson', a.body);
    return a;
  }
  const institutions = async (broker: string, query: string, key: string | null = BROKER_KEY, headers: Record<string, string> = {}) =>
    checked(EC_SPEC, INSTITUTIONS, await call(`${EC_BASE}/brokers/${broker}/creditor_institutions${query}`, key, { headers }));
  const brokerIbans = async (broker: string, query: string, key: string | null = BROKER_KEY) =>
    checked(EC_SPEC, BROKER_IBANS, await call(`${EC_BASE}/brokers/${broker}/ibans${query}`, key));
  const allIbans = async (query: string, key: string | null = PSP_KEY, headers: Record<string, string> = {}) =>
    checked(PSP_SPEC, ALL_IBANS, await call(`${PSP_BASE}/creditor_institutions/ibans${query}`, key, { headers }));

  function expectProblem(a: Answer, kind: string, status: number, detail: string | RegExp): void {
    expect({ status: a.status, contentType: a.contentType }).toEqual({ status, contentType: PROBLEM });
    expect(a.body).toEqual({ type: TYPE + kind, title: expect.any(String), status, detail: typeof detail === 'string' ? detail : expect.stringMatching(detail) });
    expect(a.requestId).toMatch(UUID);
  }

  describe('GET /brokers/{brokerCode}/creditor_institutions', () => {
    it("lists one row per (EC, station association) of the broker's stations, with every field derived from the registry", async () => {
      const a = await institutions(BROKER, '?page=0&limit=100');
      expect(a.status).toBe(200);
      expect(a.contentType).toMatch(/^application\/json/);
      const expected = demoAssociations(BROKER);
      expect(expected.length).toBeGreaterThan(3);
      expect(a.body.pageInfo).toEqual({ page: 0, limit: 100, totalElements: expected.length, totalPages: 1 });
      const rows: Json[] = a.body.creditorInstitutions;
      expect(rows.map((r) => [r.taxCode, r.stationId, r.segregationCode ?? r.applicationCode ?? '']).sort()).toEqual(expected);
      // ordered by EC, then station
      expect(rows.map((r) => `${r.taxCode}|${r.stationId}`)).toEqual(rows.map((r) => `${r.taxCode}|${r.stationId}`).sort());
      // another broker's stations (STAZIONE_NOT_ENABLED, also associated with 66666666666) are not this broker's
      expect(rows.some((r) => r.stationId === 'STAZIONE_NOT_ENABLED' || r.stationId === 'STZ_INT_NOT_ENABLED')).toBe(false);
      // an application-code association (aux digit 0) of the EC that is its own broker
      expect(rows.find((r) => r.stationId === '66666666666_05' && r.applicationCode === '02')).toEqual({
        taxCode: '66666666666',
        companyName: 'Comune di Test',
        ciStatus: true,
        brokerTaxCode: '66666666666',
        brokerCompanyName: 'Intermediario EC di test',
        intermediated: false,
        stationId: '66666666666_05',
        stationState: 'enabled',
        version: '2',
        primitiveVersion: 1,
        model: 3,
        auxDigit: '0',
        applicationCode: '02',
        broadcast: false,
        pspPayment: true,
      });
      // an EC intermediated by the broker, whose aux digit the registry leaves implicit (segregation code → 3)
      expect(rows.find((r) => r.taxCode === '00000000000')).toMatchObject({
        intermediated: true,
        auxDigit: '3',
        segregationCode: '43',
        stationId: '66666666666_99',
        companyName: 'Ente con stazione irraggiungibile',
      });
      expect(rows.find((r) => r.taxCode === '00000000000')).not.toHaveProperty('applicationCode');
      // V2 stations say so
      expect(rows.find((r) => r.stationId === '66666666666_02')).toMatchObject({ primitiveVersion: 2, segregationCode: '20', auxDigit: '3' });
    });

    it('pages from 0 with limit 10 by default; the pages put together are the whole list', async () => {
      const all: Json[] = (await institutions(BROKER, '?page=0&limit=100')).body.creditorInstitutions;
      const first = await institutions(BROKER, '?page=0');
      expect(first.body.pageInfo).toEqual({ page: 0, limit: 10, totalElements: all.length, totalPages: Math.ceil(all.length / 10) });
      expect(first.body.creditorInstitutions).toEqual(all.slice(0, 10));
      // an empty limit is the default too
      expect((await institutions(BROKER, '?page=0&limit=')).body.pageInfo.limit).toBe(10);
      const pages: Json[] = [];
      const totalPages = Math.ceil(all.length / 3);
      for (let page = 0; page < totalPages; page++) {
        const a = await institutions(BROKER, `?page=${page}&limit=3`);
        expect(a.body.pageInfo).toEqual({ page, limit: 3, totalElements: all.length, totalPages });
        pages.push(...a.body.creditorInstitutions);
      }
      expect(pages).toEqual(all);
      // past the end: no rows, the same totals
      const past = await institutions(BROKER, `?page=${totalPages}&limit=3`);
      expect(past.status).toBe(200);
      expect(past.body).toEqual({ creditorInstitutions: [], pageInfo: { page: totalPages, limit: 3, totalElements: all.length, totalPages } });
      // limit 0 is allowed by the file: the count alone
      expect((await institutions(BROKER, '?page=0&limit=0')).body).toEqual({ creditorInstitutions: [], pageInfo: { page: 0, limit: 0, totalElements: all.length, totalPages: 0 } });
    });

    it('an EC that is its own broker reads its broker listing with its EC key; broadcast associations say so', async () => {
      const a = await institutions('88888888888', '?page=0', 'demo-ec-88888888888');
      expect(a.status).toBe(200);
      expect(a.body.creditorInstitutions.map((r: Json) => [r.taxCode, r.stationId, r.segregationCode, r.broadcast, r.intermediated, r.primitiveVersion])).toEqual([
        ['88888888888', '88888888888_01', '01', true, false, 2],
        ['88888888888', '88888888888_01', '02', true, false, 2],
      ]);
      expect(a.body.creditorInstitutions[0].brokerCompanyName).toBe('Intermediario EC secondario');
    });

    it('echoes X-Request-Id, or makes one up', async () => {
      expect((await institutions(BROKER, '?page=0', BROKER_KEY, { 'X-Request-Id': 'my-call-42' })).requestId).toBe('my-call-42');
      expect((await institutions(BROKER, '?page=0')).requestId).toMatch(UUID);
      expect((await institutions(BROKER, '?page=0', 'nope', { 'X-Request-Id': 'my-call-43' })).requestId).toBe('my-call-43');
    });
  });

  describe('GET /brokers/{brokerCode}/ibans', () => {
    it("lists the IBANs of the ECs of the broker's stations, each once, with label, description and validity as registered", async () => {
      const a = await brokerIbans('77777777777', '?page=0&subscription-key=demo-broker-77777777777', null);
      expect(a.status).toBe(200);
      const registered = DEMO.ibans.filter((i: Json) => i.creditorInstitutionCode === '77777777777');
      expect(registered.length).toBeGreaterThan(1);
      expect(a.body.pageInfo).toEqual({ page: 0, limit: 10, totalElements: registered.length, totalPages: 1 });
      expect(a.body.ibans).toEqual(
        registered
          .sort((x: Json, y: Json) => (x.iban < y.iban ? -1 : 1))
          .map((i: Json) => ({
            ciFiscalCode: '77777777777',
            ciName: 'EC_TE',
            iban: i.iban,
            label: i.label,
            ...(i.description !== undefined ? { description: i.description } : {}),
            status: 'ENABLED',
            validityDate: `${i.validityDate}T00:00:00Z`,
          })),
      );
      expect(a.body.ibans.some((i: Json) => !('description' in i))).toBe(true);
      // the same through the header
      expect((await brokerIbans('77777777777', '?page=0', TE_KEY)).body).toEqual(a.body);
    });

    it('an EC with several stations of the broker has its IBANs once; ECs of other brokers are not listed', async () => {
      const a = await brokerIbans(BROKER, '?page=0&limit=100');
      expect(a.status).toBe(200);
      const expected = demoIbans(BROKER);
      expect(a.body.ibans.map((i: Json) => [i.ciFiscalCode, i.iban])).toEqual(expected);
      expect(a.body.pageInfo.totalElements).toBe(expected.length);
      expect(a.body.ibans.some((i: Json) => i.ciFiscalCode === '77777777777' || i.ciFiscalCode === '88888888888')).toBe(false);
      const one = await brokerIbans(BROKER, '?page=1&limit=1');
      expect(one.body).toEqual({ ibans: [a.body.ibans[1]], pageInfo: { page: 1, limit: 1, totalElements: expected.length, totalPages: expected.length } });
    });
  });

  describe('GET /creditor_institutions/ibans (PSP)', () => {
    it("lists every EC's IBANs for a PSP key, limit up to 5000", async () => {
      const a = await allIbans('?page=0&limit=5000', PSP_KEY, { 'X-Request-Id': 'psp-1' });
      expect(a.status).toBe(200);
      expect(a.requestId).toBe('psp-1');
      const expected = demoIbans();
      expect(a.body.ibans.map((i: Json) => [i.ciFiscalCode, i.iban])).toEqual(expected);
      expect(a.body.pageInfo).toEqual({ page: 0, limit: 5000, totalElements: expected.length, totalPages: 1 });
      // a disabled EC's IBANs are registered IBANs too
      expect(a.body.ibans.find((i: Json) => i.ciFiscalCode === '11111122223')).toMatchObject({ ciName: 'Ente disabilitato', status: 'ENABLED' });
      const page = await allIbans('?page=2&limit=4');
      expect(page.body).toEqual({ ibans: a.body.ibans.slice(8, 12), pageInfo: { page: 2, limit: 4, totalElements: expected.length, totalPages: Math.ceil(expected.length / 4) } });
      expect((await allIbans('?page=0')).body.ibans).toEqual(a.body.ibans.slice(0, 10));
    });
  });

  describe('errors, as problem JSON with X-Request-Id', () => {
    type BrokerGet = (broker: string, query: string, key?: string | null) => Promise<Answer>;
    const brokerPaths: [string, BrokerGet][] = [
      ['creditor_institutions', institutions],
      ['ibans', brokerIbans],
    ];

    it.each(brokerPaths)('%s: a missing or unknown key is 401, before the parameters are looked at', async (_name, get) => {
      expectProblem(await get(BROKER, '?page=x', null), 'unauthenticated', 401, /missing subscription key/);
      expectProblem(await get(BROKER, '?page=0', 'not-a-key-at-all'), 'unauthenticated', 401, /invalid subscription key/);
    });

    it.each(brokerPaths)('%s: a key of another broker, of another EC, or of a PSP is 403', async (_name, get) => {
      expectProblem(await get('77777777777', '?page=0', BROKER_KEY), 'forbidden', 403, 'the subscription key of EC broker 66666666666 may not act for EC broker 77777777777');
      expectProblem(
        await get(BROKER, '?page=0', 'demo-ec-77777777777'),
        'forbidden',
        403,
        'the subscription key of creditor institution 77777777777 may not act for EC broker 66666666666',
      );
      expectProblem(await get(BROKER, '?page=0', PSP_KEY), 'forbidden', 403, /PSP 60000000001 is for the Backoffice External PSP API \(\/backoffice\/external\/psp\/v1\)/);
      // a broker key cannot probe for brokers: an unknown one is 403 too
      expectProblem(await get('NO_SUCH_BROKER', '?page=0', BROKER_KEY), 'forbidden', 403, /may not act for EC broker NO_SUCH_BROKER/);
    });

    it("PSP API: no key, an unknown key, or a key that is not a PSP's is 401 (the file defines no 403)", async () => {
      expectProblem(await allIbans('?page=0', null), 'unauthenticated', 401, /missing subscription key/);
      expectProblem(await allIbans('?page=0', 'not-a-key-at-all'), 'unauthenticated', 401, /invalid subscription key/);
      expectProblem(await allIbans('?page=0', BROKER_KEY), 'unauthenticated', 401, /EC broker 66666666666 is not subscribed to the Backoffice External PSP API/);
      expectProblem(await allIbans('?page=0', 'demo-ec-66666666666'), 'unauthenticated', 401, /creditor institution 66666666666 is not subscribed/);
    });

    const badPaging: [string, RegExp][] = [
      ['', /^page is required/],
      ['?limit=5', /^page is required/],
      ['?page=', /^page must be an integer between 0 and 2147483647, got ""/],
      ['?page=-1', /^page must be an integer between 0/],
      ['?page=1e3', /^page must be an integer/],
      ['?page=0x10', /^page must be an integer/],
      ['?page=abc', /^page must be an integer/],
      [`?page=${HUGE}`, /^page must be an integer/],
      ['?page=0&page=1', /^page must be given once/],
      ['?page=0&limit=1.5', /^limit must be an integer between 0 and 100/],
      ['?page=0&limit=101', /^limit must be an integer between 0 and 100, got "101"/],
      ['?page=0&limit=-1', /^limit must be an integer/],
      [`?page=0&limit=${HUGE}`, /^limit must be an integer/],
      ['?page=0&limit=1&limit=2', /^limit must be given once/],
    ];
    it.each(brokerPaths)('%s: a bad page or limit is 400 naming it', async (_name, get) => {
      for (const [query, detail] of badPaging) expectProblem(await get(BROKER, query), 'bad-parameter', 400, detail);
    });

    it('PSP API: limit goes up to 5000, page is required', async () => {
      expectProblem(await allIbans('?page=0&limit=5001'), 'bad-parameter', 400, 'limit must be an integer between 0 and 5000, got "5001"');
      expectProblem(await allIbans('?limit=5'), 'bad-parameter', 400, /^page is required/);
      expectProblem(await allIbans('?page=0&page=0'), 'bad-parameter', 400, /^page must be given once/);
    });

    it('the paths take GET only: 405 with Allow', async () => {
      for (const p of [`${EC_BASE}/brokers/${BROKER}/creditor_institutions`, `${EC_BASE}/brokers/${BROKER}/ibans`, `${PSP_BASE}/creditor_institutions/ibans`]) {
        const a = checked(p.startsWith(PSP_BASE) ? PSP_SPEC : EC_SPEC, '', await call(`${p}?page=0`, BROKER_KEY, { method: 'POST' }));
        expectProblem(a, 'method-not-allowed', 405, /^POST is not supported/);
        expect(a.allow).toBe('GET, HEAD');
      }
    });
  });

  describe('a registry loaded at run time', () => {
    it('is what the next answer shows: disabled stations and ECs, an IBAN without a date, a broker without ECs, an unknown broker (404)', async () => {
      const doc = readDemo();
      doc.ecBrokers.push({ brokerCode: 'BROKER_SENZA_STAZIONI', enabled: true, description: 'Intermediario senza stazioni' });
      doc.stationCreditorInstitutions.push({ creditorInstitutionCode: '11111122223', stationCode: 'STAZIONE_NOT_ENABLED', auxDigit: 3, segregationCode: '17' });
      doc.ibans.push({ creditorInstitutionCode: '00000000000', iban: 'IT60X0542811101000000123456' });
      doc.subscriptionKeys.push(
        { key: 'test-broker-stz-not-enabled', brokerCode: 'INT_STZ_NOT_ENABLED' },
        { key: 'test-broker-empty', brokerCode: 'BROKER_SENZA_STAZIONI' },
        { key: 'test-ec-01199250158', creditorInstitutionCode: '01199250158' },
      );
      const put = await fetch(`${server.baseUrl}/admin/registry`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
      expect(put.status).toBe(200);

      const disabled = await institutions('INT_STZ_NOT_ENABLED', '?page=0', 'test-broker-stz-not-enabled');
      expect(disabled.status).toBe(200);
      expect(disabled.body.creditorInstitutions.map((r: Json) => [r.taxCode, r.ciStatus, r.stationId, r.stationState, r.auxDigit, r.segregationCode ?? r.applicationCode])).toEqual(
        [
          ['11111122223', false, 'STAZIONE_NOT_ENABLED', 'disabled', '3', '17'],
          ['66666666666', true, 'STAZIONE_NOT_ENABLED', 'disabled', '3', '16'],
          ['77777777777', true, 'STAZIONE_NOT_ENABLED', 'disabled', '0', '06'],
        ],
      );
      expect(disabled.body.creditorInstitutions[0].brokerCompanyName).toBe('Intermediario della stazione disabilitata');

      const dateless = await brokerIbans(BROKER, '?page=0&limit=100');
      expect(dateless.body.ibans.find((i: Json) => i.ciFiscalCode === '00000000000')).toEqual({
        ciFiscalCode: '00000000000',
        ciName: 'Ente con stazione irraggiungibile',
        iban: 'IT60X0542811101000000123456',
        status: 'ENABLED',
        validityDate: '1970-01-01T00:00:00Z',
      });

      const empty = await institutions('BROKER_SENZA_STAZIONI', '?page=0', 'test-broker-empty');
      expect(empty.body).toEqual({ creditorInstitutions: [], pageInfo: { page: 0, limit: 10, totalElements: 0, totalPages: 0 } });
      expect((await brokerIbans('BROKER_SENZA_STAZIONI', '?page=0', 'test-broker-empty')).body).toEqual({
        ibans: [],
        pageInfo: { page: 0, limit: 10, totalElements: 0, totalPages: 0 },
      });

      // an EC key acts for a broker of its own fiscal code only: 01199250158 is no broker
      expectProblem(await institutions('01199250158', '?page=0', 'test-ec-01199250158'), 'not-found', 404, 'no EC broker 01199250158 in the registry');
      expectProblem(await brokerIbans('01199250158', '?page=0', 'test-ec-01199250158'), 'not-found', 404, 'no EC broker 01199250158 in the registry');
    });
  });
});
