import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { freshNotice, NodeForPsp } from '../helpers/soap';

type Counters = { engine: string; statements: number; transactions: number; commits: number; rollbacks: number };
type ProcessView = {
  pid: number;
  uptimeSec: number;
  cpuMicros: { user: number; system: number; total: number };
  memoryBytes: { rss: number; heapUsed: number };
  database: Counters;
};

/** GET /admin/process: the server's own process.cpuUsage(), which `npm run bench` reads around each scenario. */
describe('/admin/process', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ db: `sqlite:${tempDir()}/nodo.sqlite` });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const read = async (): Promise<ProcessView> => {
    const res = await fetch(`${server.baseUrl}/admin/process`);
    expect(res.status).toBe(200);
    return (await res.json()) as ProcessView;
  };

  it('is the server process itself, and its CPU time grows with the work it does', async () => {
    const before = await read();
    expect(before.pid).toBe(server.proc.pid);
    expect(before.cpuMicros.total).toBe(before.cpuMicros.user + before.cpuMicros.system);
    const nodo = await NodeForPsp.connect(server.wsdlUrl);
    for (let i = 0; i < 20; i++) expect((await nodo.verify(freshNotice())).result.outcome).toBeDefined();
    const after = await read();
    expect(after.cpuMicros.total).toBeGreaterThan(before.cpuMicros.total);
    expect(after.memoryBytes.rss).toBeGreaterThan(0);
  });

  it("counts the database work of this process: a payment's statements and transactions show between two readings", async () => {
    const nodo = await NodeForPsp.connect(server.wsdlUrl);
    const before = (await read()).database;
    expect(before.engine).toBe('sqlite');
    const notice = freshNotice();
    const activated = await nodo.activate(notice);
    expect(activated.result.outcome).toBe('OK');
    const outcome = await nodo.outcome(activated.result.paymentToken as string);
    expect(outcome.result.outcome).toBe('OK');
    const after = (await read()).database;
    // an activate and an OK outcome write at least the payment, its token and the receipt, in transactions
    expect(after.statements - before.statements).toBeGreaterThanOrEqual(4);
    expect(after.transactions - before.transactions).toBeGreaterThanOrEqual(2);
    // SQLite's group commit: never more physical commits than logical transactions
    expect(after.commits - before.commits).toBeGreaterThanOrEqual(1);
    expect(after.commits - before.commits).toBeLessThanOrEqual(after.transactions - before.transactions);
    expect(after.rollbacks).toBe(before.rollbacks);
  });
});
