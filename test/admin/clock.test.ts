import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServer, type RunningServer } from '../helpers/server';
import { admin, freshNotice, NodeForPsp } from '../helpers/soap';

type ClockView = { now: string; offsetMs: number };
type Problem = { type: string; title: string; status: number; detail: string };
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

/**
 * /admin/clock moves the emulator's time both ways and can always be undone: advance (negative = back),
 * set, reset. A move past ±100 years is a 400 naming the field, and leaves the clock (and SOAP) as it was.
 */
describe('/admin/clock', () => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  beforeAll(async () => {
    server = await startServer({ db: 'sqlite::memory:' });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const clock = () => admin<ClockView>(server.baseUrl, '/admin/clock');
  const postRaw = (path: string, body: string, type = 'application/json') =>
    admin<ClockView & Problem>(server.baseUrl, `/admin/clock/${path}`, { method: 'POST', headers: { 'Content-Type': type }, body });
  const post = (path: string, body?: unknown) => postRaw(path, body === undefined ? '' : JSON.stringify(body));
  const expectBad = async (r: Promise<{ status: number; body: Problem }>, field: RegExp) => {
    const { status, body } = await r;
    expect(status).toBe(400);
    expect(body).toMatchObject({ title: 'Bad Request', status: 400 });
    expect(body.detail).toMatch(field);
  };
  const nearly = (iso: string, expected: number) => expect(Math.abs(Date.parse(iso) - expected)).toBeLessThan(5_000);

  it('GET answers now and the offset', async () => {
    const { status, body } = await clock();
    expect(status).toBe(200);
    expect(body.offsetMs).toBe(0);
    nearly(body.now, Date.now());
  });

  it('advances forward and back by the same amount (a negative ms moves it back)', async () => {
    const fwd = await post('advance', { ms: DAY });
    expect(fwd.status).toBe(200);
    expect(fwd.body.offsetMs).toBe(DAY);
    nearly(fwd.body.now, Date.now() + DAY);
    const back = await post('advance', { ms: -DAY - 3_600_000 });
    expect(back.status).toBe(200);
    expect(back.body.offsetMs).toBe(-3_600_000);
    nearly(back.body.now, Date.now() - 3_600_000);
    // SOAP runs on the moved clock
    expect((await nodo.verify(freshNotice())).result.outcome).toBe('OK');
    expect((await post('reset')).body.offsetMs).toBe(0);
  });

  it('refuses 8.64e15 ms with a 400 naming ms; the clock and SOAP are untouched', async () => {
    await expectBad(post('advance', { ms: 8.64e15 }), /^ms: .*100 years/);
    await expectBad(post('advance', { ms: -8.64e15 }), /^ms: /);
    expect((await clock()).body.offsetMs).toBe(0);
    expect((await nodo.verify(freshNotice())).result.outcome).toBe('OK');
  });

  it('bounds the total offset, not only one step', async () => {
    expect((await post('advance', { ms: 99 * YEAR })).status).toBe(200);
    await expectBad(post('advance', { ms: 2 * YEAR }), /^ms: /);
    expect((await clock()).body.offsetMs).toBe(99 * YEAR);
    expect((await nodo.verify(freshNotice())).result.outcome).toBe('OK');
    expect((await post('reset')).body.offsetMs).toBe(0);
  });

  it('validates the advance body: an integer number, nothing else', async () => {
    await expectBad(post('advance', { ms: '1000' }), /ms must be an integer.*"1000"/);
    await expectBad(post('advance', { ms: 1.5 }), /ms must be an integer.*1\.5/);
    await expectBad(post('advance', { ms: null }), /ms must be an integer.*null/);
    await expectBad(post('advance', {}), /ms must be an integer.*nothing/);
    // JSON has no NaN; 1e400 parses to Infinity
    await expectBad(postRaw('advance', '{"ms":1e400}'), /ms must be an integer/);
    await expectBad(post('advance', { ms: 1, extra: true }), /unknown field "extra"/);
    await expectBad(post('advance', [1]), /JSON object \{"ms"/);
    await expectBad(postRaw('advance', '{"ms":1000}', 'text/plain'), /application\/json/);
    expect((await clock()).body.offsetMs).toBe(0);
  });

  it('sets now to an ISO-8601 date-time, and refuses one without a zone or out of range (400 naming at)', async () => {
    const at = '2030-01-31T12:00:00Z';
    const set = await post('set', { at });
    expect(set.status).toBe(200);
    nearly(set.body.now, Date.parse(at));
    nearly((await clock()).body.now, Date.parse(at));
    expect((await nodo.verify(freshNotice())).result.outcome).toBe('OK');

    const past = await post('set', { at: '2020-02-29T00:00:00.000+01:00' });
    expect(past.status).toBe(200);
    nearly(past.body.now, Date.parse('2020-02-28T23:00:00Z'));

    await expectBad(post('set', { at: '2030-01-31T12:00:00' }), /^at must be an ISO-8601 date-time with its zone/);
    await expectBad(post('set', { at: '2030-01-31' }), /^at must be/);
    await expectBad(post('set', { at: '2030-02-30T00:00:00Z' }), /^at must be/);
    await expectBad(post('set', { at: 1900000000000 }), /^at must be/);
    await expectBad(post('set', { at: '9999-12-31T23:59:59Z' }), /^at: .*100 years/);
    await expectBad(post('set', { at: '+275760-09-13T00:00:00Z' }), /^at must be/);
    nearly((await clock()).body.now, Date.parse('2020-02-28T23:00:00Z'));
  });

  it('resets to the system time (offset 0) with or without a body', async () => {
    await post('advance', { ms: 5 * DAY });
    const r = await admin<ClockView>(server.baseUrl, '/admin/clock/reset', { method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.body.offsetMs).toBe(0);
    nearly(r.body.now, Date.now());
  });
});
