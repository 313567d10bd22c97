import fs from 'node:fs';
import path from 'node:path';
import { OPTIONS, type Flags } from '../cli/commandLine';
import { DEMO_REGISTRY } from '../paths';
import { readRegistryFile, RegistryFileError } from '../nodo/registryFile';
import { DbError, migrate, openDb } from '../store/db';
import { registryVersion, saveRegistry } from '../store/registry';
import { pgWriter } from './pgWriter';
import { progress, summary, type Tally } from './progress';
import { csvField, readCsv } from './readCsv';
import { readJsonl } from './readJsonl';
import { sqliteWriter } from './sqliteWriter';
import { ImportError, type ImportPosition, type ImportStatus, type ReadChunk, type Rejection, type Writer } from './types';
import { isRejection, validate, type Registry, type Seen } from './validate';

interface Options {
  file: string;
  format: 'jsonl' | 'csv';
  dbUrl: string;
  atomic: boolean;
  status: ImportStatus;
  quiet: boolean;
  batch: number;
}

/** The import's flags (read by commander, cli/commandLine.ts) checked: the file's format, the status, the database. */
function options(file: string, flags: Flags, env: NodeJS.ProcessEnv): Options {
  const given = (name: string) => flags[name] as string | undefined;
  const ext = path.extname(file).toLowerCase();
  const format = given('format') ?? (ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : undefined);
  if (format !== 'jsonl' && format !== 'csv')
    throw new ImportError(`--format must be jsonl or csv${given('format') ? `, got "${given('format')}"` : ` (cannot tell from the extension of ${file})`}`);
  const status = given('status') ?? OPTIONS.status.default;
  if (status !== 'VALID' && status !== 'DRAFT') throw new ImportError(`--status must be VALID or DRAFT, got "${status}"`);
  const dbUrl = given('db') ?? env.NODO_DB_URL ?? OPTIONS.importDb.default;
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(dbUrl)) throw new ImportError(`--db must be sqlite:<path> or postgres://…, got "${dbUrl}"`);
  if (dbUrl === 'sqlite::memory:') throw new ImportError('--db sqlite::memory: would vanish with the import: give a file');
  const batch = Number(given('batch') ?? OPTIONS.batch.default);
  if (!Number.isInteger(batch) || batch < 1) throw new ImportError(`--batch must be a positive integer, got "${given('batch')}"`);
  return { file, format, dbUrl, atomic: flags.atomic === true, status, quiet: flags.quiet === true, batch };
}

/**
 * Migrates the database and reads the creditor institutions, through knex as the server does. A database
 * without a registry gets the demo one, as `start` would give it: importing into a fresh file then starting
 * the server is the common case, and refusing would only add a `seed` step.
 */
async function prepare(o: Options, note: (m: string) => void): Promise<Registry> {
  const db = await openDb(o.dbUrl);
  try {
    await migrate(db);
    if ((await registryVersion(db)) === undefined) {
      await saveRegistry(db, readRegistryFile(DEMO_REGISTRY), 'demo', Date.now());
      note(`no registry in ${db.safeUrl}: loaded the demo registry`);
    }
    const rows = (await db.knex('creditor_institutions').select('ci_code', 'business_name', 'office_name')) as {
      ci_code: string;
      business_name: string;
      office_name: string | null;
    }[];
    const map = new Map(rows.map((r) => [r.ci_code, { businessName: r.business_name, officeName: r.office_name }]));
    return { get: (ci) => map.get(ci) };
  } finally {
    await db.close();
  }
}

const show = (r: Rejection) => `line ${r.line}: ${r.field}: ${r.message}`;

/** `import <file>`: exit 0 when everything was imported, 1 when rows were rejected, 2 on usage, IO or db errors. */
export async function runImport(file: string, flags: Flags, env: NodeJS.ProcessEnv): Promise<number> {
  let writer: Writer | undefined;
  let bar: ReturnType<typeof progress> | undefined;
  try {
    const o = options(file, flags, env);
    let size: number;
    try {
      size = fs.statSync(o.file).size;
      fs.accessSync(o.file, fs.constants.R_OK);
    } catch (err) {
      throw new ImportError(`cannot read ${o.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const started = Date.now();
    const registry = await prepare(o, (m) => process.stderr.write(`${m}\n`));
    writer = o.dbUrl.startsWith('sqlite:') ? await sqliteWriter(o.dbUrl.slice('sqlite:'.length)) : await pgWriter(o.dbUrl);
    const w = writer;
    const probe = !(await w.archiveEmpty());
    bar = progress(size, !o.quiet && process.stderr.isTTY === true);
    const log = bar.log;
    const tally: Tally = { rows: 0, positions: 0, notices: 0, rejected: 0 };
    const seen: Seen = { navs: new Map(), iupds: new Map() };
    const now = Date.now();
    const reject = (r: Rejection) => {
      tally.rejected++;
      log(show(r));
    };
    const fieldName = o.format === 'csv' ? csvField : undefined;
    let batch: ImportPosition[] = [];
    let batchNotices = 0;
    // one batch in flight: the database (PostgreSQL's server, SQLite's writer thread) inserts batch n while
    // this thread parses and validates batch n+1, so both cores work (see README for the measured figures)
    let writing: Promise<void> = Promise.resolve();

    const flush = async () => {
      if (!batch.length) return;
      let keep = batch;
      if (probe) {
        const found = await w.existing(batch);
        if (found.navs.size || found.iupds.size) keep = batch.filter((p) => !archived(p, found, reject, fieldName));
      }
      // --atomic with a rejection: nothing will be committed, so stop writing and only validate the rest
      await writing;
      if (!(o.atomic && tally.rejected) && keep.length) {
        writing = w.write(keep, o.status, now);
        writing.catch(() => undefined); // awaited at the next flush; this only silences the unhandled warning
      }
      tally.positions += keep.length;
      for (const p of keep) tally.notices += p.options.length;
      batch = [];
      batchNotices = 0;
    };

    if (o.atomic) await w.begin();
    const chunks: AsyncGenerator<ReadChunk> = o.format === 'csv' ? readCsv(o.file) : readJsonl(o.file);
    for await (const chunk of chunks) {
      for (const u of chunk.units) {
        tally.rows += u.rows;
        const v = validate(u, registry, seen, fieldName);
        if (isRejection(v)) {
          reject(v);
          continue;
        }
        batch.push(v);
        batchNotices += v.options.length;
        if (batchNotices >= o.batch) await flush();
      }
      bar.update(chunk.bytesRead, tally);
    }
    await flush();
    await writing;
    const committed = !(o.atomic && tally.rejected);
    if (o.atomic) await (committed ? w.commit() : w.rollback());
    await w.close();
    writer = undefined;
    bar.stop();
    if (!o.quiet) process.stdout.write(summary(tally, Date.now() - started, o.dbUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'), committed));
    return tally.rejected ? 1 : 0;
  } catch (err) {
    bar?.stop();
    if (writer) {
      await writer.rollback().catch(() => undefined);
      await writer.close().catch(() => undefined);
    }
    const e = err as Error & { code?: string };
    const known = e instanceof ImportError || e instanceof DbError || e instanceof RegistryFileError;
    const line = known ? e.message : e.code?.startsWith('CSV_') ? `CSV: ${e.message}` : `import failed: ${e.message}`;
    process.stderr.write(`pagopa-node-emulator import: ${line}\n`);
    return 2;
  }
}

/** Rejects (and reports) a position the archive already holds: its iupd, or one of its notices. */
function archived(p: ImportPosition, found: { navs: Set<string>; iupds: Set<string> }, reject: (r: Rejection) => void, fieldName = (f: string) => f): boolean {
  if (found.iupds.has(`${p.organizationFiscalCode}|${p.iupd}`)) {
    reject({ line: p.line, field: fieldName('iupd'), message: `${p.iupd} is already in the archive` });
    return true;
  }
  const i = p.options.findIndex((o) => found.navs.has(`${p.organizationFiscalCode}|${o.noticeNumber}`));
  if (i < 0) return false;
  reject({ line: p.optionLines?.[i] ?? p.line, field: fieldName(`paymentOption[${i}].nav`), message: `${p.options[i]!.noticeNumber} is already in the archive` });
  return true;
}
