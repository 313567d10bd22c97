import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { demoNotice } from '../helpers/demo';
import { startServer, type RunningServer } from '../helpers/server';
import { admin, EC, freshNotice, NodeForPsp, PSP, type SoapResult } from '../helpers/soap';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
type Page<T> = { total: number; limit: number; offset: number; items: T[] };
type Payment = {
  token: string;
  noticeId: number;
  noticeNumber: string;
  status: string;
  idPSP: string;
  idChannel: string;
  amountCents: number;
  createdAt: string;
  expiresAt: string;
  outcome: string | null;
  links: { self: string; notice: string };
};
type Notice = { id: number; fiscalCode: string; noticeNumber: string; status: string; currentToken: string | null; createdAt: string; links: { self: string; token?: string } };
type Option = { noticeNumber: string; status: string; amountCents: number; isPartialPayment: boolean; paymentDate: string | null; idReceipt: string | null };
type Position = {
  id: number;
  iupd: string;
  organizationFiscalCode: string;
  debtorFullName: string;
  status: string;
  payStandIn: boolean;
  createdAt: string;
  options: Option[];
  links: { self: string };
};

/**
 * The dashboard's lists: /admin/payments (tokens), /admin/notices (the node's notices, one with its
 * tokens and transitions) and /admin/positions (the archive), after real SOAP payments: a paid notice,
 * one left in payment and one whose outcome was KO. Filters, paging, 400 problems and 404s.
 */
describe.each(DATABASE_IDS)('/admin positions, notices and payments on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  const paid = freshNotice();
  const paying = freshNotice();
  const failed = freshNotice();
  const tokens: Record<'paid' | 'paying' | 'failed', string> = { paid: '', paying: '', failed: '' };
  const token = (r: { result: SoapResult }) => r.result.paymentToken as string;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    tokens.paid = token(await nodo.activate(paid));
    expect((await nodo.outcome(tokens.paid, 'OK')).result.outcome).toBe('OK');
    tokens.paying = token(await nodo.activate(paying));
    tokens.failed = token(await nodo.activate(failed));
    expect((await nodo.outcome(tokens.failed, 'KO', { details: null })).result.outcome).toBe('OK');
  });
  afterAll(async () => {
    await server?.stop();
  });

  const get = <T>(path: string) => admin<T>(server.baseUrl, path);
  const payments = (q = '') => get<Page<Payment>>(`/admin/payments${q}`);
  const notices = (q = '') => get<Page<Notice>>(`/admin/notices${q}`);
  const positions = (q = '') => get<Page<Position>>(`/admin/positions${q}`);

  it('lists payment tokens, filtered by notice, token, status and PSP', async () => {
    const all = await payments();
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(all.body.items.map((p) => p.token).sort()).toEqual(Object.values(tokens).sort());

    const one = await payments(`?noticeNumber=${paid}`);
    expect(one.body.total).toBe(1);
    const p = one.body.items[0]!;
    expect(p).toMatchObject({
      token: tokens.paid,
      noticeNumber: paid,
      fiscalCode: EC,
      status: 'NOTIFIED',
      outcome: 'OK',
      idPSP: PSP.idPSP,
      idChannel: PSP.idChannel,
      amountCents: 1000,
    });
    expect(p.createdAt).toMatch(ISO);
    expect(p.expiresAt).toMatch(ISO);
    expect(p.links.self).toBe(`/admin/tokens/${tokens.paid}`);
    // the JSON blobs stay in /admin/tokens/{token}
    expect(p).not.toHaveProperty('payment');
    expect(p).not.toHaveProperty('outcomeDetails');
    // a typed view, not a row: no column name leaks through (every key is camelCase)
    expect(Object.keys(p).filter((k) => !/^[a-z][A-Za-z]*$/.test(k))).toEqual([]);

    expect((await payments(`?token=${tokens.failed}`)).body.items.map((x) => [x.noticeNumber, x.status, x.outcome])).toEqual([[failed, 'FAILED', 'KO']]);
    expect((await payments('?status=PAYING')).body.items.map((x) => x.token)).toEqual([tokens.paying]);
    expect((await payments(`?idPSP=${PSP.idPSP}&status=NOTIFIED`)).body.items.map((x) => x.token)).toEqual([tokens.paid]);
    expect((await payments('?idPSP=36892710904')).body).toMatchObject({ total: 0, items: [] });
    // an empty value means "no filter", as on every /admin list
    expect((await payments('?status=&token=')).body.total).toBe(3);
  });

  it('pages payments newest first without overlap', async () => {
    const pages = await Promise.all([0, 1, 2, 3].map((offset) => payments(`?limit=1&offset=${offset}`)));
    for (const [i, page] of pages.entries()) expect(page.body).toMatchObject({ total: 3, limit: 1, offset: i });
    expect(pages.map((pg) => pg.body.items.length)).toEqual([1, 1, 1, 0]);
    const seen = pages.flatMap((pg) => pg.body.items.map((x) => x.token));
    expect(new Set(seen).size).toBe(3);
    const created = pages.flatMap((pg) => pg.body.items.map((x) => Date.parse(x.createdAt)));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
  });

  it('lists the node notices with their state and current token; one notice with every token and transition', async () => {
    const all = await notices();
    expect(all.body.total).toBe(3);
    const byNav = Object.fromEntries(all.body.items.map((n) => [n.noticeNumber, n]));
    expect(byNav[paid]).toMatchObject({ fiscalCode: EC, status: 'NOTIFIED', currentToken: tokens.paid });
    expect(byNav[paying]).toMatchObject({ status: 'PAYING', currentToken: tokens.paying, links: { token: `/admin/tokens/${tokens.paying}` } });
    // a KO outcome frees the notice for a new activation
    expect(byNav[failed]).toMatchObject({ status: 'INSERTED', currentToken: null });
    expect(byNav[failed]!.links).not.toHaveProperty('token');
    expect(byNav[paid]!.createdAt).toMatch(ISO);

    expect((await notices('?status=PAYING')).body.items.map((n) => n.noticeNumber)).toEqual([paying]);
    expect((await notices(`?noticeNumber=${failed}&fiscalCode=${EC}`)).body.items.map((n) => n.status)).toEqual(['INSERTED']);
    expect((await notices('?fiscalCode=88888888888')).body.total).toBe(0);
    const second = await notices('?limit=2&offset=2');
    expect(second.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(second.body.items).toHaveLength(1);

    const detail = await get<Notice & { tokens: Payment[]; events: { event: string; token: string; toStatus: string; noticeTo: string; at: string }[] }>(byNav[paid]!.links.self);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ noticeNumber: paid, status: 'NOTIFIED' });
    expect(detail.body.tokens.map((x) => x.token)).toEqual([tokens.paid]);
    expect(detail.body.events.map((e) => [e.event, e.token, e.toStatus, e.noticeTo])).toEqual([
      ['ACTIVATE', tokens.paid, 'PAYING', 'PAYING'],
      ['OUTCOME_OK', tokens.paid, 'PAID', 'PAID'],
      ['RECEIPT_NOTIFIED', tokens.paid, 'NOTIFIED', 'NOTIFIED'],
    ]);
    expect(detail.body.events[0]!.at).toMatch(ISO);
  });

  it('lists archive positions with their options; filters by EC, status and a text search', async () => {
    const all = await positions();
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(10);
    const tari = (await positions('?search=TARI')).body;
    expect(tari.items.map((p) => p.iupd)).toEqual(['DEMO-TARI-2026-RSSMRA']);
    const t = tari.items[0]!;
    expect(t).toMatchObject({ organizationFiscalCode: EC, debtorFullName: 'Mario Rossi', status: 'VALID', payStandIn: false });
    expect(t.createdAt).toMatch(ISO);
    expect(t.options.map((o) => [o.noticeNumber, o.amountCents, o.status, o.isPartialPayment])).toEqual([
      [demoNotice(1), 12000, 'PO_UNPAID', true],
      [demoNotice(2), 12000, 'PO_UNPAID', true],
      [demoNotice(3), 12000, 'PO_UNPAID', true],
    ]);
    // case-insensitive on both engines; a notice number finds its position
    expect((await positions('?search=mario%20rossi')).body.items.map((p) => p.iupd).sort()).toEqual(['DEMO-MENSA-2026-RSSMRA', 'DEMO-TARI-2026-RSSMRA']);
    expect((await positions(`?search=${demoNotice(5)}`)).body.items.map((p) => p.iupd)).toEqual(['DEMO-CDS-2026-VRDGPP']);
    // LIKE wildcards are plain characters
    expect((await positions('?search=%25')).body.total).toBe(0);
    // `_` would match any one character: DEMO-TARI-… must not match
    expect((await positions('?search=DEMO_TARI')).body.total).toBe(0);
    // the synthetic station's positions (SYNTH_<ec>_<nav>), one per activated notice
    expect((await positions('?search=synth_')).body.items.flatMap((p) => p.options.map((o) => o.noticeNumber)).sort()).toEqual([paid, paying, failed].sort());

    // the synthetic station keeps what it paid in the archive: the paid notice's option is PO_PAID
    const paidPositions = (await positions(`?status=PAID&organizationFiscalCode=${EC}`)).body;
    const option = paidPositions.items.flatMap((p) => p.options).find((o) => o.noticeNumber === paid);
    expect(option).toMatchObject({ status: 'PO_PAID', idReceipt: tokens.paid });
    expect(option!.paymentDate).toMatch(ISO);
    expect((await positions('?organizationFiscalCode=10000000000')).body).toMatchObject({ total: 0, items: [] });

    const page = await positions('?limit=3&offset=3');
    expect(page.body).toMatchObject({ total: all.body.total, limit: 3, offset: 3 });
    expect(page.body.items.map((p) => p.id)).toEqual(all.body.items.slice(3, 6).map((p) => p.id));
  });

  it('shows one position with its debtor, options and transfers', async () => {
    const mensa = (await positions('?search=DEMO-MENSA')).body.items[0]!;
    const one = await get<
      Position & { debtor: { fullName: string }; options: (Option & { transfers: { idTransfer: number; organizationFiscalCode: string; amountCents: number }[] })[] }
    >(mensa.links.self);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: mensa.id, iupd: 'DEMO-MENSA-2026-RSSMRA', debtor: { fullName: 'Mario Rossi' } });
    expect(one.body.options[0]!.transfers.map((t) => [t.idTransfer, t.organizationFiscalCode])).toEqual([
      [1, EC],
      [2, '88888888888'],
    ]);
    expect(one.body.options[0]!.transfers.reduce((s, t) => s + t.amountCents, 0)).toBe(15050);
  });

  it('refuses bad queries with a problem naming the parameter', async () => {
    const cases: [string, string][] = [
      ['/admin/payments?nav=1', 'unknown parameter "nav"'],
      ['/admin/payments?status=DONE', 'status must be one of PAYING'],
      ['/admin/payments?noticeNumber=123', 'noticeNumber must be 18 digits'],
      ['/admin/payments?token=not%20a%20token', 'token must be'],
      ['/admin/payments?idPSP=' + 'x'.repeat(36), 'idPSP must be'],
      ['/admin/payments?limit=0', 'limit'],
      ['/admin/payments?limit=501', 'limit'],
      ['/admin/payments?offset=-1', 'offset'],
      ['/admin/payments?status=PAID&status=PAYING', 'status must be given once'],
      ['/admin/notices?status=PAYED', 'status must be one of INSERTED, PAYING, PAID, NOTIFIED'],
      ['/admin/notices?fiscalCode=ABC', 'fiscalCode must be an EC fiscal code'],
      ['/admin/notices?noticeNumber=30211', 'noticeNumber must be 18 digits'],
      ['/admin/notices?token=abc', 'unknown parameter "token"'],
      ['/admin/positions?status=UNPAID', 'status must be one of DRAFT'],
      ['/admin/positions?organizationFiscalCode=123', 'organizationFiscalCode must be'],
      ['/admin/positions?search=' + 'a'.repeat(141), 'search must be at most 140 characters'],
      ['/admin/positions?offset=x', 'offset'],
    ];
    for (const [path, detail] of cases) {
      const res = await fetch(`${server.baseUrl}${path}`);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as { status: number; title: string; detail: string };
      expect(body).toMatchObject({ status: 400, title: 'Bad Request' });
      expect([path, body.detail]).toEqual([path, expect.stringContaining(detail)]);
    }
  });

  it('answers 404 for an unknown position or notice', async () => {
    for (const path of ['/admin/positions/999999', '/admin/positions/abc', '/admin/positions/1.5', '/admin/notices/999999', '/admin/notices/-1']) {
      const res = await fetch(`${server.baseUrl}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
