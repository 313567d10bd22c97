import { strToU8, zipSync, type Zippable } from 'fflate';
import type { JournalRow } from '../store/rows';
import { exchangeBody, exchangeFile, type ExchangePart } from './journalFiles';
import { journalEntryView } from './views/journalView';

/** One line of index.json: what a reader needs to find an exchange without opening its files. */
export interface ZipIndexEntry {
  seq: number;
  /** the journal id: /admin/journal/{id}/request.xml downloads the same bytes */
  id: number;
  time: string;
  direction: 'in' | 'out';
  operation: string | null;
  /** out: the EC station called; in: null */
  station: string | null;
  idPSP: string | null;
  token: string | null;
  outcome: string | null;
  faultCode: string | null;
  httpStatus: number;
  files: Record<ExchangePart, string>;
}

/**
 * The journal export as a ZIP (issue 15 item 6): `index.json` first, then every exchange's request and
 * response as its own file, `NN-<direction>-<operation>-request.xml`, in the order of the XML export
 * (verify → activate → EC calls → outcome → receipt). NN is zero-padded to the widest sequence number, so
 * any file manager lists them in that order. Each message is the journal's bytes as they are (passwords
 * were masked when journalled); each file is dated with its exchange.
 */
export function exportZip(rows: JournalRow[], head: { noticeNumber: string; token?: string; exportedAt: string }): Uint8Array {
  const width = Math.max(2, String(rows.length).length);
  const files: Zippable = {};
  const index: ZipIndexEntry[] = [];
  const put = (name: string, body: string, at: Date) => {
    files[name] = [strToU8(body), { mtime: at }];
  };
  const entries = rows.map((row, i) => {
    const v = journalEntryView(row);
    // every journal row has its time (a NOT NULL column)
    const at = new Date(Number(row.at));
    const seq = i + 1;
    const stem = `${String(seq).padStart(width, '0')}-${v.direction}-${safeName(v.operation ?? 'unknown')}`;
    const name = (part: ExchangePart) => `${stem}-${part}.${exchangeFile(row, part).ext}`;
    index.push({
      seq,
      id: v.id,
      time: at.toISOString(),
      direction: v.direction,
      operation: v.operation,
      station: v.stationCode,
      idPSP: v.idPSP,
      token: v.token,
      outcome: v.outcome,
      faultCode: v.faultCode,
      httpStatus: v.httpStatus,
      files: { request: name('request'), response: name('response') },
    });
    return { row, at, names: { request: name('request'), response: name('response') } };
  });
  // the index first: it is what a reader opens to find their way
  put('index.json', JSON.stringify({ ...head, count: rows.length, exchanges: index }, null, 2) + '\n', new Date(head.exportedAt));
  for (const e of entries) {
    for (const part of ['request', 'response'] as const) put(e.names[part], exchangeBody(e.row, part), e.at);
  }
  return zipSync(files, { level: 6 });
}

/** Operation names are ours or pagoPA's (letters, digits, dots): anything else would not be a safe file name. */
const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
