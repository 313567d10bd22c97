import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeWith } from '../helpers/crossChecks';
import { DATABASES } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, freshNotice } from '../helpers/soap';

const pg = DATABASES.find((d) => d.id === 'postgres');

// Scale-out: several emulator processes on one PostgreSQL behave as one node (runs when NODO_TEST_PG_URL is set).
describeWith('postgres')('two processes on one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let nodoA: NodeForPsp;
  let nodoB: NodeForPsp;

  beforeAll(async () => {
    const url = await pg!.create();
    a = await startServer({ db: url });
    b = await startServer({ db: url });
    nodoA = await NodeForPsp.connect(a.wsdlUrl);
    nodoB = await NodeForPsp.connect(b.wsdlUrl);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('concurrent activations of one notice across both processes: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const n = freshNotice();
      const results = await Promise.all([...Array.from({ length: 4 }, () => nodoA.activate(n)), ...Array.from({ length: 4 }, () => nodoB.activate(n))]);
      const codes = results.map((r) => (r.result.outcome === 'OK' ? 'OK' : r.result.fault?.faultCode));
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'PPT_PAGAMENTO_IN_CORSO')).toHaveLength(7);
    }
  });

  it('many notices activated at once, each from both processes (so in shared group commits): exactly one winner each', async () => {
    const notices = Array.from({ length: 12 }, () => freshNotice());
    // interleaved, so every batch of either process holds activations of several notices, some of one notice twice
    const calls = notices.flatMap((n) => [nodoA.activate(n), nodoB.activate(n), nodoA.activate(n), nodoB.activate(n)]);
    const codes = (await Promise.all(calls)).map((r) => (r.result.outcome === 'OK' ? 'OK' : r.result.fault?.faultCode));
    for (let i = 0; i < notices.length; i++) {
      const mine = codes.slice(i * 4, i * 4 + 4);
      expect(mine.filter((c) => c === 'OK')).toHaveLength(1);
      expect(mine.filter((c) => c === 'PPT_PAGAMENTO_IN_CORSO')).toHaveLength(3);
    }
  });

  it('a token activated on one process is outcomed on the other, and both then see the notice paid', async () => {
    const n = freshNotice();
    const act = await nodoA.activate(n);
    expect((await nodoB.outcome(act.result.paymentToken as string)).result.outcome).toBe('OK');
    expect((await nodoA.verify(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
    expect((await nodoB.outcome(act.result.paymentToken as string)).result.fault?.faultCode).toBe('PPT_ESITO_GIA_ACQUISITO');
  });

  it('concurrent outcomes on one token from both processes: one is accepted, the other already acquired', async () => {
    const act = await nodoA.activate(freshNotice());
    const t = act.result.paymentToken as string;
    const [r1, r2] = await Promise.all([nodoA.outcome(t), nodoB.outcome(t)]);
    const codes = [r1, r2].map((r) => (r.result.outcome === 'OK' ? 'OK' : r.result.fault?.faultCode)).sort();
    expect(codes).toEqual(['OK', 'PPT_ESITO_GIA_ACQUISITO']);
  });
});
