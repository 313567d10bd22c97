/**
 * pagoPA's test environment (UAT) in the demo registry, entity by entity (uat-environment.md §1.1–§1.6):
 * every row a PSP certification plan reaches through verifyPaymentNotice, activatePaymentNotice(V2) and
 * sendPaymentOutcome(V2) gets the exact fault that plan expects, or OK, on the plan's own ids. Driven with
 * node-soap clients built from the served ?wsdl; every answer is checked against the official
 * nodeForPsp.xsd by the helper (ours when ../shared/reference is absent). The row's id is in the test name.
 * Not here: verificaBollettino (POSTE3/POSTE1 on it, ccPost), demandPaymentNotice, the catalogue, and the
 * 302NN… families of EC 77777777777 (its mock EC): their suites test them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FaultCode } from '../../src/nodo/faults';
import { expectNodeFault } from '../helpers/conformance';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { DEMO_NOTICE_NUMBERS } from '../helpers/demo';
import { ROOT, startServer, type RunningServer } from '../helpers/server';
import { ECOMMERCE, NodeForPsp, PSP, PSP_V2, freshNotice, type SoapResult } from '../helpers/soap';
import { activate, navOnSegregation, paymentOkBody } from '../remote/helpers';
import { EC_ROWS, PSP_ROWS, TRANSFER_ROWS, type Creds, type Expected, type Op, type PspOp } from './uatRows';

const UNKNOWN_TOKEN = '0123456789abcdef0123456789abcdef';

function expectAnswer(result: SoapResult, expected: Expected): void {
  if (expected === 'OK') {
    expect([result.outcome, result.fault]).toEqual(['OK', undefined]);
    return;
  }
  expectNodeFault(result, expected.code as FaultCode, expected.description);
}

const token = (r: SoapResult): string => {
  if (r.outcome !== 'OK') throw new Error(`activation failed: ${JSON.stringify(r.fault)}`);
  return r.paymentToken as string;
};

/** One PSP primitive with `creds`: a fresh synthetic notice; an outcome closes a token of the plan's own channel when OK is expected. */
async function callPsp(nodo: NodeForPsp, op: PspOp, creds: Creds, expected: Expected): Promise<SoapResult> {
  switch (op) {
    case 'verifyPaymentNotice':
      return (await nodo.verify(freshNotice(), creds)).result;
    case 'activatePaymentNotice':
      return (await nodo.activate(freshNotice(), {}, creds)).result;
    case 'activatePaymentNoticeV2':
      return (await nodo.activateV2(freshNotice(), {}, creds)).result;
    case 'sendPaymentOutcome': {
      const t = expected === 'OK' ? token((await nodo.activate(freshNotice())).result) : UNKNOWN_TOKEN;
      return (await nodo.outcome(t, 'OK', {}, creds)).result;
    }
    case 'sendPaymentOutcomeV2': {
      const t = expected === 'OK' ? token((await nodo.activateV2(freshNotice())).result) : UNKNOWN_TOKEN;
      return (await nodo.outcomeV2([t], 'OK', {}, creds)).result;
    }
  }
}

/** The plan's default credentials per primitive: channel 60000000001_01, and _08 for the V2 primitives. */
const baseCreds = (op: PspOp): Creds => (op.endsWith('V2') ? PSP_V2 : PSP);

function expectedName(e: Expected): string {
  return e === 'OK' ? 'OK' : `${e.code}${typeof e.description === 'string' ? ` "${e.description}"` : ''}`;
}

describe.each(DATABASE_IDS)("pagoPA's UAT registry in the demo, on %s", (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('§1.1–§1.2 PSPs, PSP brokers and channels', () => {
    const cases = PSP_ROWS.flatMap((row) => (Object.entries(row.ops) as [PspOp, Expected][]).map(([op, e]) => [`${row.id}: ${op} → ${expectedName(e)}`, row, op, e] as const));
    it.each(cases)('%s', async (_name, row, op, expected) => {
      const result = await callPsp(nodo, op, { ...baseCreds(op), ...row.creds }, expected);
      expectAnswer(result, expected);
    });
  });

  describe('§1.3–§1.4 creditor institutions, EC brokers, stations and notice routing', () => {
    const cases = EC_ROWS.flatMap((row) => (Object.entries(row.ops) as [Op, Expected][]).map(([op, e]) => [`${row.id}: ${op} → ${expectedName(e)}`, row, op, e] as const));
    it.each(cases)('%s', async (_name, row, op, expected) => {
      const notice = row.notice();
      const call =
        op === 'verifyPaymentNotice'
          ? nodo.verify(notice, PSP, row.ec)
          : op === 'activatePaymentNotice'
            ? nodo.activate(notice, {}, PSP, row.ec)
            : nodo.activateV2(notice, {}, PSP_V2, row.ec);
      const { result } = await call;
      expectAnswer(result, expected);
      if (expected !== 'OK' && expected.code === 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE') expect(result.fault?.description).toMatch(/127\.0\.0\.1:1/);
    });

    // an archive station: reached, it answers for itself about a notice it never published
    it.each(['01', '02'])('EC 88888888888, aux 3 seg %s: station 88888888888_01 is reached → PPT_ERRORE_EMESSO_DA_PAA from 88888888888', async (seg) => {
      const { result } = await nodo.verify(navOnSegregation(seg), PSP, '88888888888');
      expect([result.outcome, result.fault?.faultCode, result.fault?.id]).toEqual(['KO', 'PPT_ERRORE_EMESSO_DA_PAA', '88888888888']);
      expect(result.fault?.description).toContain('PAA_PAGAMENTO_SCONOSCIUTO');
    });
  });

  describe('§1.6 denylist, §1.1 the second PSP, idempotencyKey prefixes', () => {
    const DENYLIST = { idPSP: '40000000001', idBrokerPSP: '40000000002', idChannel: '40000000002_01', password: 'pwdpwdpwd' };
    const SECOND_PSP = { idPSP: '40000000001', idBrokerPSP: '40000000001', idChannel: '40000000001_01', password: 'pwdpwdpwd' };

    it('denylist row (EC 44444444444, PSP 40000000001, channel 40000000002_01): verify OK, activate OK, then the outcome closes it (SEM_VPNR_16, SEM_APNR_24)', async () => {
      const notice = navOnSegregation('02');
      expectAnswer((await nodo.verify(notice, DENYLIST, '44444444444')).result, 'OK');
      const a = (await nodo.activate(notice, {}, DENYLIST, '44444444444')).result;
      expectAnswer(a, 'OK');
      expectAnswer((await nodo.outcome(token(a), 'OK', {}, DENYLIST)).result, 'OK');
    });

    const ACTIVATIONS: [string, boolean][] = [
      ['activatePaymentNotice', false],
      ['activatePaymentNoticeV2', true],
    ];
    it.each(ACTIVATIONS)('40000000001 (channel 40000000001_01): %s of a notice 60000000001 holds → PPT_PAGAMENTO_IN_CORSO; its own notice → OK', async (_op, v2) => {
      const held = freshNotice();
      expectAnswer(v2 ? (await nodo.activateV2(held)).result : (await nodo.activate(held)).result, 'OK');
      const second = v2 ? (await nodo.activateV2(held, {}, SECOND_PSP)).result : (await nodo.activate(held, {}, SECOND_PSP)).result;
      expectNodeFault(second, 'PPT_PAGAMENTO_IN_CORSO');
      const own = v2 ? (await nodo.activateV2(freshNotice(), {}, SECOND_PSP)).result : (await nodo.activate(freshNotice(), {}, SECOND_PSP)).result;
      expectAnswer(own, 'OK');
    });

    it.each([['80000000001'], ['00088877799']])('idempotencyKey %s_…: never checked against idPSP, activate and activateV2 OK, a retry answers the same token', async (prefix) => {
      for (const v2 of [false, true]) {
        const notice = freshNotice();
        const idempotencyKey = `${prefix}_${String(Date.now() % 1e10).padStart(10, '0')}`;
        const first = v2 ? (await nodo.activateV2(notice, { idempotencyKey })).result : (await nodo.activate(notice, { idempotencyKey })).result;
        const again = v2 ? (await nodo.activateV2(notice, { idempotencyKey })).result : (await nodo.activate(notice, { idempotencyKey })).result;
        expectAnswer(first, 'OK');
        expect(again.paymentToken).toBe(token(first));
      }
    });

    it('Checkout 36892710904 (channel 36892710904_02): activateV2 and sendPaymentOutcomeV2 OK', async () => {
      const a = (await nodo.activateV2(freshNotice(), {}, ECOMMERCE)).result;
      expectAnswer(a, 'OK');
      expectAnswer((await nodo.outcomeV2([token(a)], 'OK', {}, ECOMMERCE)).result, 'OK');
    });
  });

  /**
   * §1.3 and §1.5 through a station's answer: the transfers a paGetPayment(V2) names. The mock EC's `raw`
   * override makes the demo's remote stations 66666666666_03 (V2) and _04 (V1) answer with a transfer to
   * the row's EC and IBAN, after a first transfer to 66666666666 on its postal IBAN.
   */
  describe('§1.5 IBANs and transfer ECs in the station answer', () => {
    const cases = TRANSFER_ROWS.flatMap((row) =>
      (['activatePaymentNotice', 'activatePaymentNoticeV2'] as const).map((op) => [`${row.id}: ${op} → ${expectedName(row.expected)}`, row, op] as const),
    );
    it.each(cases)('%s', async (_name, row, op) => {
      const v2 = op === 'activatePaymentNoticeV2';
      const nav = navOnSegregation(v2 ? '03' : '04');
      const body = paymentOkBody(v2, nav, [
        { id: 1, cents: 10000, iban: 'IT45R0760103200000000001016' },
        { id: 2, cents: 2000, ec: row.ec, iban: row.iban },
      ]);
      await ec.queue(v2 ? 'paGetPaymentV2' : 'paGetPayment', { noticeNumber: nav, times: 1, action: 'raw', body });
      const result = await activate(nodo, v2, nav, 12000, v2 ? PSP_V2 : PSP);
      expectAnswer(result, row.expected);
      if (row.expected === 'OK' && v2) {
        const transfers = (result.transferList as { transfer: { fiscalCodePA: string; IBAN: string }[] }).transfer;
        expect(transfers.map((t) => [t.fiscalCodePA, t.IBAN])).toEqual([
          ['66666666666', 'IT45R0760103200000000001016'],
          [row.ec, row.iban],
        ]);
      }
    });
  });
});

it("the README's demo notice numbers are the ones the emulator seeds (src/ec/demoNotices.ts)", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Demo notices'), readme.indexOf('## Admin API'));
  const listed = [...section.matchAll(/`(3\d{17})`/g)].map((m) => m[1]);
  expect([...new Set(listed)].sort()).toEqual([...DEMO_NOTICE_NUMBERS].sort());
});
