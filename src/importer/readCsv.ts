import fs from 'node:fs';
import { parse } from 'csv-parse';
import { ImportError, type ReadChunk, type RawUnit } from './types';

/**
 * CSV: one row per payment option (a single notice or one installment), with one transfer to the
 * position's EC. Consecutive rows with the same organizationFiscalCode+iupd make one position; the
 * debtor and company columns are taken from its first row. A later, non-consecutive row of an iupd
 * already seen is rejected as a duplicate.
 */
export const CSV_COLUMNS = [
  'organizationFiscalCode',
  'iupd',
  'debtorType',
  'debtorFiscalCode',
  'debtorFullName',
  'companyName',
  'nav',
  'iuv',
  'amount',
  'description',
  'dueDate',
  'isPartialPayment',
  'iban',
  'remittanceInformation',
  'category',
] as const;
const REQUIRED = ['organizationFiscalCode', 'iupd', 'debtorType', 'debtorFiscalCode', 'debtorFullName', 'nav', 'amount', 'description', 'dueDate', 'iban', 'category'];

type Row = Partial<Record<(typeof CSV_COLUMNS)[number] | 'officeName' | 'email', string>>;

/** GPD path of a validator fault → the CSV column that holds it. */
export function csvField(path: string): string {
  const leaf = path.replace(/^paymentOption\[\d+\]\.?/, '').replace(/^transfer\[\d+\]\.?/, '');
  const map: Record<string, string> = {
    type: 'debtorType',
    fiscalCode: 'debtorFiscalCode',
    fullName: 'debtorFullName',
    transfer: 'amount',
    organizationFiscalCode: 'organizationFiscalCode',
  };
  return map[leaf] ?? (leaf || path);
}

const intOr = (v: string | undefined) => (v !== undefined && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v === '' ? undefined : v);
const boolOr = (v: string | undefined) => {
  const s = v?.trim().toLowerCase();
  return s === undefined || s === '' ? undefined : s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : v;
};

export async function* readCsv(file: string): AsyncGenerator<ReadChunk> {
  let bytesRead = 0;
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('data', (c) => (bytesRead += c.length));
  const parser = stream.pipe(parse({ columns: true, info: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }));
  let header = false;
  let current: { key: string; unit: RawUnit; options: unknown[] } | undefined;
  let out: RawUnit[] = [];
  for await (const rec of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
    if (!header) {
      header = true;
      const missing = REQUIRED.filter((c) => !(c in rec.record));
      if (missing.length) throw new ImportError(`${file}: missing CSV column(s) ${missing.join(', ')} (expected ${CSV_COLUMNS.join(',')})`);
    }
    const r = rec.record;
    const line = rec.info.lines;
    const key = `${r.organizationFiscalCode}|${r.iupd}`;
    const amount = intOr(r.amount);
    const option = {
      nav: r.nav || undefined,
      iuv: r.iuv || undefined,
      amount,
      description: r.description,
      dueDate: r.dueDate,
      isPartialPayment: boolOr(r.isPartialPayment),
      transfer: [{ idTransfer: '1', amount, iban: r.iban || undefined, remittanceInformation: r.remittanceInformation || r.description, category: r.category }],
    };
    if (current && current.key === key) {
      current.options.push(option);
      current.unit.optionLines!.push(line);
      current.unit.rows++;
      continue;
    }
    if (current) out.push(current.unit);
    const options = [option];
    current = {
      key,
      options,
      unit: {
        line,
        rows: 1,
        optionLines: [line],
        raw: {
          organizationFiscalCode: r.organizationFiscalCode,
          iupd: r.iupd,
          type: r.debtorType,
          fiscalCode: r.debtorFiscalCode,
          fullName: r.debtorFullName,
          companyName: r.companyName || undefined,
          officeName: r.officeName || undefined,
          email: r.email || undefined,
          paymentOption: options,
        },
      },
    };
    if (out.length >= 1000) {
      yield { units: out, bytesRead };
      out = [];
    }
  }
  if (current) out.push(current.unit);
  yield { units: out, bytesRead };
}
