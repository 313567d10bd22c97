import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { demoNotice } from '../helpers/demo';
import { startServer, type RunningServer } from '../helpers/server';
import { ECOMMERCE, NodeForPsp, PSP, PSP_V2, admin, advanceClock, freshNotice, runJob, type SoapResult } from '../helpers/soap';

const HEX32 = /^[0-9a-f]{32}$/;

describe.each(DATABASE_IDS)('payment flows on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const token = (r: { result: SoapResult }) => r.result.paymentToken as string;

  it('pays a notice: verify → activate → OK outcome, then the notice is concluded', async () => {
    const n = freshNotice();
    const v = await nodo.verify(n);
    expect(v.result.outcome).toBe('OK');
    const a = await nodo.activate(n);
    expect(a.result.outcome).toBe('OK');
    expect(token(a)).toMatch(HEX32);
    expect(a.result.totalAmount).toBe('10.00');
    const o = await nodo.outcome(token(a), 'OK');
    expect(o.result).toEqual({ outcome: 'OK' });

    expect((await nodo.verify(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
    expect((await nodo.activate(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
    const again = await nodo.outcome(token(a), 'OK');
    expect(again.result.fault?.faultCode).toBe('PPT_ESITO_GIA_ACQUISITO');
    expect(again.result.fault?.description).toMatch(/^Esito concorde: \{"applicationDate":"2026-11-22","fee":"1.00","outcome":"OK",/);
    const discorde = await nodo.outcome(token(a), 'KO');
    expect(discorde.result.fault?.description).toMatch(/^Esito discorde: /);

    const t = await admin<{ status: string; events: { event: string; toStatus: string; noticeTo: string }[] }>(server.baseUrl, `/admin/tokens/${token(a)}`);
    // the synthetic station's EC holds its receipt once stored: NOTIFIED in the outcome's transaction
    expect(t.body.status).toBe('NOTIFIED');
    expect(t.body.events.map((e) => [e.event, e.toStatus, e.noticeTo])).toEqual([
      ['ACTIVATE', 'PAYING', 'PAYING'],
      ['OUTCOME_OK', 'PAID', 'PAID'],
      ['RECEIPT_NOTIFIED', 'NOTIFIED', 'NOTIFIED'],
    ]);
  });

  it('KO outcome frees the notice for a new activation', async () => {
    const n = freshNotice();
    const a = await nodo.activate(n);
    expect((await nodo.outcome(token(a), 'KO', { details: null })).result.outcome).toBe('OK');
    const b = await nodo.activate(n);
    expect(b.result.outcome).toBe('OK');
    expect(token(b)).not.toBe(token(a));
    expect((await nodo.outcome(token(b), 'OK')).result.outcome).toBe('OK');
  });

  it('a notice being paid is in progress for everyone, with and without a key', async () => {
    const n = freshNotice();
    expect((await nodo.activate(n)).result.outcome).toBe('OK');
    const second = await nodo.activate(n);
    expect(second.result.fault).toMatchObject({
      faultCode: 'PPT_PAGAMENTO_IN_CORSO',
      id: 'NodoDeiPagamentiSPC',
      description: 'Pagamento in attesa risulta in corso al sistema pagoPA',
    });
    expect((await nodo.activate(n, { idempotencyKey: '60000000001_aaaaaaaaaa' })).result.fault?.faultCode).toBe('PPT_PAGAMENTO_IN_CORSO');
    expect((await nodo.verify(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_IN_CORSO');
    expect((await nodo.activateV2(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_IN_CORSO');
  });

  it('an OK without details is refused as PPT_SEMANTICA (the documented default)', async () => {
    const a = await nodo.activate(freshNotice());
    const o = await nodo.outcome(token(a), 'OK', { details: null });
    expect(o.result.fault?.faultCode).toBe('PPT_SEMANTICA');
  });

  it('tokens are bound to their PSP: another PSP and an unknown token are PPT_TOKEN_SCONOSCIUTO', async () => {
    const a = await nodo.activate(freshNotice());
    const foreign = await nodo.outcome(token(a), 'OK', {}, ECOMMERCE);
    expect(foreign.result.fault).toMatchObject({ faultCode: 'PPT_TOKEN_SCONOSCIUTO', faultString: 'unknown token', description: 'token unknown' });
    expect((await nodo.outcome('0123456789abcdef0123456789abcdef', 'OK')).result.fault?.faultCode).toBe('PPT_TOKEN_SCONOSCIUTO');
  });

  describe('expiry, sweep and late outcomes (spec §8.3, §8.5)', () => {
    it('expired but not swept: a new activation is in progress, and the OK outcome is accepted', async () => {
      const n = freshNotice();
      const a = await nodo.activate(n, { expirationTime: 1000 });
      await advanceClock(server.baseUrl, 2000);
      expect((await nodo.activate(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_IN_CORSO');
      expect((await nodo.outcome(token(a), 'OK')).result.outcome).toBe('OK');
    });

    it('after the sweep, a late OK is PPT_TOKEN_SCADUTO but the money is accepted', async () => {
      const n = freshNotice();
      const a = await nodo.activate(n, { expirationTime: 1000 });
      await advanceClock(server.baseUrl, 2000);
      const swept = await runJob(server.baseUrl, 'mod3CancelV2');
      expect(swept.body.processed).toBeGreaterThanOrEqual(1);
      const late = await nodo.outcome(token(a), 'OK');
      expect(late.result.fault).toMatchObject({ faultCode: 'PPT_TOKEN_SCADUTO', faultString: 'paymentToken is expired' });
      expect((await nodo.verify(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
      const t = await admin<{ status: string; events: { event: string }[] }>(server.baseUrl, `/admin/tokens/${token(a)}`);
      expect(t.body.status).toBe('NOTIFIED');
      expect(t.body.events.map((e) => e.event)).toEqual(['ACTIVATE', 'SWEEP', 'LATE_OUTCOME_OK', 'RECEIPT_NOTIFIED']);
      // the outcome is now recorded: a second one is ESITO_GIA_ACQUISITO
      expect((await nodo.outcome(token(a), 'OK')).result.fault?.faultCode).toBe('PPT_ESITO_GIA_ACQUISITO');
    });

    it('after the sweep, a late KO is PPT_TOKEN_SCADUTO_KO and the notice is payable again', async () => {
      const n = freshNotice();
      const a = await nodo.activate(n, { expirationTime: 1000 });
      await advanceClock(server.baseUrl, 2000);
      await runJob(server.baseUrl, 'mod3CancelV2');
      expect((await nodo.outcome(token(a), 'KO', { details: null })).result.fault?.faultCode).toBe('PPT_TOKEN_SCADUTO_KO');
      expect((await nodo.activate(n)).result.outcome).toBe('OK');
    });

    it('after the sweep and a re-activation, a late OK is PPT_PAGAMENTO_DUPLICATO and a late KO PPT_TOKEN_SCADUTO_KO', async () => {
      const n = freshNotice();
      const a = await nodo.activate(n, { expirationTime: 1000 });
      await advanceClock(server.baseUrl, 2000);
      await runJob(server.baseUrl, 'mod3CancelV2');
      const b = await nodo.activate(n);
      expect(b.result.outcome).toBe('OK');
      expect((await nodo.outcome(token(a), 'OK')).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
      expect((await nodo.outcome(token(a), 'KO', { details: null })).result.fault?.faultCode).toBe('PPT_TOKEN_SCADUTO_KO');
      // nothing changed for the new token
      expect((await nodo.outcome(token(b), 'OK')).result.outcome).toBe('OK');
    });
  });

  describe('idempotency (spec §8.6)', () => {
    const key = () => `60000000001_${Math.random().toString(36).slice(2, 12).padEnd(10, 'x')}`;

    it('replays the stored activation, refuses a different payload, and ends with the outcome', async () => {
      const n = freshNotice();
      const k = key();
      const a = await nodo.activate(n, { idempotencyKey: k });
      const replay = await nodo.activate(n, { idempotencyKey: k });
      expect(replay.raw).toBe(a.raw);
      const changed = await nodo.activate(n, { idempotencyKey: k, amount: '11.00' });
      expect(changed.result.fault?.faultCode).toBe('PPT_ERRORE_IDEMPOTENZA');
      const ko = key();
      expect((await nodo.outcome(token(a), 'OK', { idempotencyKey: ko })).result.outcome).toBe('OK');
      expect((await nodo.outcome(token(a), 'OK', { idempotencyKey: ko })).result.outcome).toBe('OK');
      expect((await nodo.outcome(token(a), 'KO', { idempotencyKey: ko, details: null })).result.fault?.faultCode).toBe('PPT_ERRORE_IDEMPOTENZA');
      expect((await nodo.outcome(token(a), 'OK', { idempotencyKey: key() })).result.fault?.faultCode).toBe('PPT_ESITO_GIA_ACQUISITO');
      // the activation's entry ended with the outcome: the same request now meets the paid notice
      expect((await nodo.activate(n, { idempotencyKey: k })).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
    });

    it('caches semantic KOs (a corrected password with the same key is an idempotency error)', async () => {
      const n = freshNotice();
      const k = key();
      const bad = await nodo.activate(n, { idempotencyKey: k }, { ...PSP, password: 'wrongpass' });
      expect(bad.result.fault?.faultCode).toBe('PPT_AUTENTICAZIONE');
      const replay = await nodo.activate(n, { idempotencyKey: k }, { ...PSP, password: 'wrongpass' });
      expect(replay.raw).toBe(bad.raw);
      expect((await nodo.activate(n, { idempotencyKey: k })).result.fault?.faultCode).toBe('PPT_ERRORE_IDEMPOTENZA');
    });

    it('does not cache syntax KOs', async () => {
      const n = freshNotice();
      const k = key();
      const bad = await nodo.activate(n, { idempotencyKey: k, amount: '10.1' });
      expect(bad.result.fault?.faultCode).toBe('PPT_SINTASSI_EXTRAXSD');
      expect((await nodo.activate(n, { idempotencyKey: k })).result.outcome).toBe('OK');
    });

    it('is keyed by PSP: the same key from another PSP is not a replay', async () => {
      const n = freshNotice();
      const k = key();
      expect((await nodo.activateV2(n, { idempotencyKey: k }, PSP_V2)).result.outcome).toBe('OK');
      const other = await nodo.activateV2(n, { idempotencyKey: k }, ECOMMERCE);
      expect(other.result.fault?.faultCode).toBe('PPT_PAGAMENTO_IN_CORSO');
    });

    it('cancellation ends the entry; the clean job drops expired entries', async () => {
      const n = freshNotice();
      const k = key();
      await nodo.activate(n, { idempotencyKey: k, expirationTime: 1000 });
      await advanceClock(server.baseUrl, 2000);
      await runJob(server.baseUrl, 'mod3CancelV2');
      const again = await nodo.activate(n, { idempotencyKey: k, expirationTime: 1000 });
      expect(again.result.outcome).toBe('OK');
      await advanceClock(server.baseUrl, 31 * 60_000);
      const cleaned = await runJob(server.baseUrl, 'idempotencyCacheClean');
      expect(cleaned.body.processed).toBeGreaterThanOrEqual(1);
    });
  });

  it('concurrent activations of one notice: exactly one wins, the others are in progress', async () => {
    const n = freshNotice();
    await nodo.verify(n);
    const results = await Promise.all(Array.from({ length: 8 }, () => nodo.activate(n)));
    const outcomes = results.map((r) => (r.result.outcome === 'OK' ? 'OK' : r.result.fault?.faultCode));
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'PPT_PAGAMENTO_IN_CORSO')).toHaveLength(7);
  });

  describe('sendPaymentOutcomeV2', () => {
    it('closes several tokens activated on a pagoPA touchpoint channel in one call', async () => {
      const [n1, n2] = [freshNotice(), freshNotice()];
      const a1 = await nodo.activateV2(n1, {}, ECOMMERCE);
      const a2 = await nodo.activateV2(n2, {}, ECOMMERCE);
      const o = await nodo.outcomeV2([token(a1), token(a2)], 'OK', {}, ECOMMERCE);
      expect(o.result.outcome).toBe('OK');
      expect((await nodo.verify(n1)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
      expect((await nodo.verify(n2)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
      expect((await nodo.outcomeV2([token(a1), token(a2)], 'OK', {}, ECOMMERCE)).result.fault?.faultCode).toBe('PPT_ESITO_GIA_ACQUISITO');
    });

    it('refuses several tokens a PSP activated on its own channel', async () => {
      const a1 = await nodo.activateV2(freshNotice());
      const a2 = await nodo.activateV2(freshNotice());
      const o = await nodo.outcomeV2([token(a1), token(a2)], 'OK');
      expect(o.result.fault).toMatchObject({ faultCode: 'PPT_SEMANTICA', description: 'Outcome non accettabile per token multipli attivati presso il PSP' });
      // one token at a time is fine
      expect((await nodo.outcomeV2([token(a1)], 'OK')).result.outcome).toBe('OK');
    });

    it('an unknown token among several is PPT_TOKEN_SCONOSCIUTO', async () => {
      const a1 = await nodo.activateV2(freshNotice(), {}, ECOMMERCE);
      const o = await nodo.outcomeV2([token(a1), 'ffffffffffffffffffffffffffffffff'], 'OK', {}, ECOMMERCE);
      expect(o.result.fault?.faultCode).toBe('PPT_TOKEN_SCONOSCIUTO');
    });

    it('mixed states (one outcomed, one open) are PPT_SEMANTICA', async () => {
      const a1 = await nodo.activateV2(freshNotice(), {}, ECOMMERCE);
      const a2 = await nodo.activateV2(freshNotice(), {}, ECOMMERCE);
      await nodo.outcomeV2([token(a1)], 'OK', {}, ECOMMERCE);
      const o = await nodo.outcomeV2([token(a1), token(a2)], 'OK', {}, ECOMMERCE);
      expect(o.result.fault).toMatchObject({ faultCode: 'PPT_SEMANTICA', description: 'Esiti acquisiti parziali o discordi' });
    });
  });

  describe('archive notices', () => {
    it('pays a demo multi-beneficiary notice with its transfers (V2 shows companies and categories)', async () => {
      const n = demoNotice(4); // demo notice 4: Mensa scolastica e trasporto regionale
      const v = await nodo.verify(n);
      if (v.result.outcome !== 'OK') throw new Error(`demo notice ${n}: ${JSON.stringify(v.result.fault)}`);
      const a = await nodo.activateV2(n);
      expect(a.result.outcome).toBe('OK');
      const transfers = (a.result.transferList as { transfer: { fiscalCodePA: string; transferAmount: string; companyName: string }[] }).transfer;
      expect(transfers.map((t) => [t.fiscalCodePA, t.transferAmount])).toEqual([
        ['66666666666', '100.50'],
        ['88888888888', '50.00'],
      ]);
      expect(a.result.totalAmount).toBe('150.50');
      expect((await nodo.outcomeV2([token(a)], 'OK')).result.outcome).toBe('OK');
    });
  });
});
