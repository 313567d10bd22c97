import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_IDS } from '../helpers/databases';
import { archiveNav } from '../helpers/demo';
import { runCli, startServer, tempDir, type RunningServer } from '../helpers/server';
import { EC, NodeForPsp, PSP } from '../helpers/soap';

/**
 * `import <file>` as users run it (the built CLI), on every engine: the summary, a malformed row that names
 * its line and field while the others import, --atomic, duplicates, then one imported notice paid through
 * verify → activate → outcome on a server started on the same database.
 */

/** NAV of EC 66666666666's archive station: aux 3, ARCHIVE_SEGREGATION_CODE, 13-digit base, mod-93 check digits. */
function nav(base: number): string {
  return archiveNav(String(base).padStart(13, '0'));
}

let seq = 0;
/** A fresh base per test file run, away from the demo notices and the bench generator. */
const BASE = 5_000_000_000 + (Date.now() % 1_000_000) * 1000;

function position(opts: { iupd?: string; amount?: number; navs?: string[]; type?: 'F' | 'G'; fiscalCode?: string } = {}) {
  const navs = opts.navs ?? [nav(BASE + seq++)];
  const amount = opts.amount ?? 12_345;
  return {
    organizationFiscalCode: EC,
    iupd: opts.iupd ?? `IMP-${BASE}-${seq++}`,
    type: opts.type ?? 'F',
    fiscalCode: opts.fiscalCode ?? 'RSSMRA80A01H501U',
    fullName: 'MARIO ROSSI',
    paymentOption: navs.map((n, i) => ({
      nav: n,
      amount,
      description: `rata ${i + 1}`,
      dueDate: '2030-12-31',
      isPartialPayment: navs.length > 1,
      transfer: [{ idTransfer: '1', amount, remittanceInformation: `rata ${i + 1}`, category: '9/0101108TS/', iban: 'IT45R0760103200000000001016' }],
    })),
  };
}

const jsonl = (rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

const CSV_HEADER =
  'organizationFiscalCode,iupd,debtorType,debtorFiscalCode,debtorFullName,companyName,nav,iuv,amount,description,dueDate,isPartialPayment,iban,remittanceInformation,category';
const csvRow = (iupd: string, n: string, amount: string, type = 'F', cf = 'RSSMRA80A01H501U') =>
  `${EC},${iupd},${type},${cf},MARIO ROSSI,,${n},,${amount},TARI rata,2030-12-31,true,IT45R0760103200000000001016,TARI,9/0101108TS/`;

describe.each(DATABASE_IDS)('import on %s', (_id, database) => {
  let db: string;
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const run = (file: string, ...args: string[]) => runCli(['import', file, '--db', db, ...args], {}, 60_000);
  const payable: string[] = [];

  beforeAll(async () => {
    db = await database.create();
    dir = tempDir('nodo-import-');
  });

  it('imports a JSONL file and prints the summary', async () => {
    const rows = [position(), position({ navs: [nav(BASE + 900), nav(BASE + 901), nav(BASE + 902)] }), position({ type: 'G', fiscalCode: '12345678901' })];
    const r = await run(write('ok.jsonl', jsonl(rows)));
    expect(r.stderr.replace(/no registry.*\n/, '')).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rows read\s+3\n/);
    expect(r.stdout).toMatch(/positions imported\s+3\n/);
    expect(r.stdout).toMatch(/notices imported\s+5\n/);
    expect(r.stdout).toMatch(/rejected\s+0\n/);
    expect(r.stdout).toMatch(/elapsed\s+[\d.]+ s \(\d+ notices\/s\)/);
    payable.push(rows[0]!.paymentOption[0]!.nav);
  });

  it('reports a malformed row with its line and field, and imports the others (exit 1)', async () => {
    const bad = position();
    bad.paymentOption[0]!.amount = -5;
    const rows = [position(), bad, '{not json', position({ type: 'G', fiscalCode: 'RSSMRA80A01H501U' }), position()];
    const r = await run(write('bad.jsonl', jsonl(rows)), '--quiet');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 2: paymentOption[0].amount: must be a positive integer (cents)');
    expect(r.stderr).toMatch(/line 3: \(line\): not valid JSON/);
    expect(r.stderr).toContain('line 4: fiscalCode: must be 11 digits for type G');
    expect(r.stdout).toBe(''); // --quiet
    // the two good rows are in: importing them again rejects them as duplicates of the archive
    const again = await run(write('again.jsonl', jsonl([rows[0], rows[4]])));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/line 1: iupd: IMP-\S+ is already in the archive/);
    expect(again.stdout).toMatch(/positions imported\s+0\n/);
  });

  it('checks transfers, dates, the EC and the registry', async () => {
    const sum = position();
    sum.paymentOption[0]!.transfer[0]!.amount = 1;
    const date = position();
    date.paymentOption[0]!.dueDate = '2030-02-30';
    const unknownEc = { ...position(), organizationFiscalCode: '12345678901' };
    const shortEc = { ...position(), organizationFiscalCode: '123' };
    const six = position();
    six.paymentOption[0]!.transfer = Array.from({ length: 6 }, (_, k) => ({ ...six.paymentOption[0]!.transfer[0]!, idTransfer: String(k + 1) }));
    const shortNav = position({ navs: ['30112345'] });
    // idTransfer 1 and 3: the node would refuse the notice's paGetPayment answer, so it could never be paid
    const gap = position();
    const first = gap.paymentOption[0]!.transfer[0]!;
    gap.paymentOption[0]!.transfer = [
      { ...first, amount: 12000 },
      { ...first, amount: 345, idTransfer: '3' },
    ];
    const r = await run(write('checks.jsonl', jsonl([sum, date, unknownEc, shortEc, six, shortNav, gap])));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 1: paymentOption[0].transfer: amounts sum to 1, not the option amount 12345');
    expect(r.stderr).toContain('line 2: paymentOption[0].dueDate: must be a date YYYY-MM-DD');
    expect(r.stderr).toContain('line 3: organizationFiscalCode: 12345678901 is not a creditor institution of the registry');
    expect(r.stderr).toContain('line 4: organizationFiscalCode: must be 11 digits');
    expect(r.stderr).toContain('line 5: paymentOption[0].transfer: must list 1 to 5 transfers, got 6');
    expect(r.stderr).toContain('line 6: paymentOption[0].nav: must be 18 digits');
    expect(r.stderr).toContain('line 7: paymentOption[0].transfer: idTransfer values must be 1..2, found 1, 3');
    expect(r.stdout).toMatch(/rejected\s+7\n/);
  });

  it('rejects duplicates within the file with the line of the first', async () => {
    const n = nav(BASE + 950);
    const first = position({ navs: [n] });
    const r = await run(write('dup.jsonl', jsonl([first, position({ navs: [n] }), { ...position(), iupd: first.iupd }])));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 2: paymentOption[0].nav: duplicate of line 1');
    expect(r.stderr).toContain('line 3: iupd: duplicate of line 1');
    expect(r.stdout).toMatch(/notices imported\s+1\n/);
  });

  it('--atomic imports nothing when one row is bad (exit 1), everything when all are good', async () => {
    const good = position();
    const bad = position();
    bad.paymentOption[0]!.dueDate = 'tomorrow';
    const r = await run(write('atomic.jsonl', jsonl([good, bad])), '--atomic');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 2: paymentOption[0].dueDate: must be a date YYYY-MM-DD');
    expect(r.stdout).toMatch(/nothing imported/);
    expect(r.stdout).toMatch(/notices imported\s+0\n/);
    // `good` was not committed: it imports now
    const ok = await run(write('atomic-ok.jsonl', jsonl([good])), '--atomic');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/notices imported\s+1\n/);
  });

  it('imports CSV rows grouped by iupd, naming the CSV column of a fault', async () => {
    const iupd = `CSV-${BASE}`;
    const text = [
      CSV_HEADER,
      csvRow(iupd, nav(BASE + 960), '1000'),
      csvRow(iupd, nav(BASE + 961), '2000'),
      csvRow(`${iupd}-b`, nav(BASE + 962), '0'),
      csvRow(`${iupd}-c`, nav(BASE + 963), '500', 'G', '12345678901'),
    ].join('\n');
    const r = await run(write('plan.csv', `${text}\n`));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 4: amount: must be a positive integer (cents)');
    expect(r.stdout).toMatch(/rows read\s+4\n/);
    expect(r.stdout).toMatch(/positions imported\s+2\n/);
    expect(r.stdout).toMatch(/notices imported\s+3\n/);
    payable.push(nav(BASE + 961));
  });

  it('refuses usage and IO errors with one line and exit 2', async () => {
    const missing = await run(path.join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^pagopa-node-emulator import: cannot read .*nope\.jsonl: ENOENT\n$/);
    const format = await run(write('x.txt', '{}\n'));
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be jsonl or csv');
    const status = await run(write('y.jsonl', '{}\n'), '--status', 'PAID');
    expect(status.code).toBe(2);
    const columns = await run(write('cols.csv', 'iupd,nav\nA,1\n'));
    expect(columns.code).toBe(2);
    expect(columns.stderr).toMatch(/missing CSV column\(s\) organizationFiscalCode/);
    expect(columns.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  describe('then a server on the same database', () => {
    let server: RunningServer;
    let nodo: NodeForPsp;
    beforeAll(async () => {
      server = await startServer({ db });
      nodo = await NodeForPsp.connect(server.wsdlUrl, server.soapUrl);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it.each([
      ['a JSONL notice', 0, '123.45'],
      ['a CSV installment', 1, '20.00'],
    ])('pays %s with verify → activate → outcome', async (_what, i, amount) => {
      const n = payable[i]!;
      const v = await nodo.verify(n);
      expect(v.result.outcome).toBe('OK');
      const a = await nodo.activate(n, { amount }, PSP);
      expect(a.result.outcome).toBe('OK');
      expect(a.result.totalAmount).toBe(amount);
      expect((await nodo.outcome(a.result.paymentToken as string, 'OK')).result.outcome).toBe('OK');
      // paid: a second verify is refused
      expect((await nodo.verify(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
    });
  });
});
