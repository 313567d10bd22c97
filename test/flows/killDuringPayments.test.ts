import { afterAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { activateXml, admin, credsXml, envelope, freshNotice, postSoap } from '../helpers/soap';

/** Posts without the XSD check of postSoap: the kill must follow the answer within a millisecond, not after a validation (other suites validate these answers). */
async function rawSoap(url: string, xml: string, action: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: action }, body: xml });
  return res.text();
}
const TOKEN = /<paymentToken>([0-9a-f]{32})<\/paymentToken>/;
import { receiptsOf, tokenOf } from '../receipts/helpers';

/**
 * kill -9 in the middle of a payment load (issue 16 item 5): the write path batches transactions of
 * concurrent requests into one commit (SQLite and PostgreSQL group commits), so a crash lands between
 * or inside batches. Whatever was answered must be in the database after a restart, nothing may be
 * half-written (a token PAID without its receipt, a receipt without its OK), and what was cut off can be
 * completed as a PSP would: by sending the outcome again.
 */
const WORKERS = 8;
/** kill once this many payments have been answered OK: others are then in flight */
const KILL_AFTER = 40;
/** kill/restart rounds at most, until one cuts a request in flight (almost always the first) */
const ROUNDS = 5;

const outcomeXml = (token: string) =>
  envelope(
    `<nod:sendPaymentOutcomeReq>${credsXml()}<paymentToken>${token}</paymentToken><outcome>OK</outcome>` +
      '<details><paymentMethod>creditCard</paymentMethod><paymentChannel>app</paymentChannel><fee>1.00</fee>' +
      '<payer><uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType>' +
      '<entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></uniqueIdentifier><fullName>Mario Rossi</fullName></payer>' +
      '<applicationDate>2026-11-22</applicationDate><transferDate>2026-11-23</transferDate></details></nod:sendPaymentOutcomeReq>',
  );

interface Load {
  /** activate and outcome answered OK */
  paid: { nav: string; token: string }[];
  /** activate answered OK, the outcome sent and not answered */
  cutOutcome: { nav: string; token: string }[];
  /** the activate sent and not answered */
  cutActivate: string[];
}

/** Payments on fresh synthetic notices from WORKERS concurrent PSP connections until the server is killed. */
async function payUntilKilled(server: RunningServer): Promise<Load> {
  const load: Load = { paid: [], cutOutcome: [], cutActivate: [] };
  let killed = false;
  const worker = async () => {
    while (!killed) {
      const nav = freshNotice();
      let token: string;
      try {
        const a = await rawSoap(server.soapUrl, envelope(activateXml(nav)), 'activatePaymentNotice');
        token = TOKEN.exec(a)?.[1] as string;
        expect(token).toBeDefined();
      } catch (err) {
        if (!killed) throw err;
        load.cutActivate.push(nav);
        return;
      }
      try {
        const o = await rawSoap(server.soapUrl, outcomeXml(token), 'sendPaymentOutcome');
        expect(o).toContain('<outcome>OK</outcome>');
      } catch (err) {
        if (!killed) throw err;
        load.cutOutcome.push({ nav, token });
        return;
      }
      // killed at once, before anything else runs: an answer given before its COMMIT would be lost and seen
      if (load.paid.push({ nav, token }) === KILL_AFTER) {
        killed = true;
        server.proc.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return load;
}

describe.each(DATABASE_IDS)('kill -9 during a payment load on %s', (_id, database) => {
  const running: RunningServer[] = [];
  afterAll(async () => {
    for (const s of running) await s.stop('SIGKILL');
  });

  it('every answered payment is there after a restart, nothing half-written, cut-off ones complete on a resend', async () => {
    const db = await database.create();
    let server = await startServer({ db });
    running.push(server);
    let cut = 0;
    // the answers of requests in flight may all be in the client's buffers already when the kill lands: then
    // the round proved nothing about half-written work, and the load runs again on the restarted process
    for (let round = 0; round < ROUNDS && cut === 0; round++) {
      const load = await payUntilKilled(server);
      expect(await server.stop()).toBeNull(); // killed by the signal, not exited
      expect(load.paid.length).toBeGreaterThanOrEqual(KILL_AFTER);
      cut = load.cutActivate.length + load.cutOutcome.length;
      server = await startServer({ db });
      running.push(server);
      await checkAfterRestart(server, load);
    }
    // some round cut requests in flight, or this test proved nothing about the write path
    expect(cut).toBeGreaterThan(0);
  });
});

/** What a restarted process must show of a load cut by kill -9, and that a PSP can complete what was cut. */
async function checkAfterRestart(second: RunningServer, load: Load): Promise<void> {
  const base = second.baseUrl;

  // answered OK → committed: the token NOTIFIED (local station), exactly one primary receipt, NOTIFIED
  for (const p of load.paid) {
    expect((await tokenOf(base, p.token)).status).toBe('NOTIFIED');
    const receipts = await receiptsOf(base, p.nav);
    expect(receipts.map((r) => [r.token, r.isPrimary, r.status])).toEqual([[p.token, true, 'NOTIFIED']]);
  }
  // nothing half-written: no token stayed PAID (the receipt of a local station is written with the OK)
  const paid = await admin<{ items: unknown[] }>(base, '/admin/payments?status=PAID');
  expect(paid.body.items).toEqual([]);

  // an outcome cut off was either committed whole or not at all; the PSP's resend completes it either way
  for (const c of load.cutOutcome) {
    const before = (await tokenOf(base, c.token)).status;
    expect(['PAYING', 'NOTIFIED']).toContain(before);
    const again = await postSoap(second.soapUrl, outcomeXml(c.token), 'sendPaymentOutcome');
    if (before === 'PAYING') expect(again.payload.outcome).toBe('OK');
    else expect(again.payload.fault?.faultCode).toBe('PPT_ESITO_GIA_ACQUISITO');
    expect((await tokenOf(base, c.token)).status).toBe('NOTIFIED');
    expect((await receiptsOf(base, c.nav)).filter((r) => r.isPrimary)).toHaveLength(1);
  }
  // an activation cut off either holds the notice (its token PAYING) or left it free to activate
  for (const nav of load.cutActivate) {
    const tokens = await admin<{ items: { token: string; status: string }[] }>(base, `/admin/payments?noticeNumber=${nav}`);
    expect(tokens.body.items.map((t) => t.status).filter((s) => s !== 'PAYING')).toEqual([]);
    const again = await postSoap(second.soapUrl, envelope(activateXml(nav)), 'activatePaymentNotice');
    if (tokens.body.items.length) expect(again.payload.fault?.faultCode).toBe('PPT_PAGAMENTO_IN_CORSO');
    else expect(again.payload.outcome).toBe('OK');
  }
}
