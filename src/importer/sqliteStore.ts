import Database from 'better-sqlite3';
import type { ImportPosition, ImportStatus } from './types';

/** The synchronous SQLite side of the Writer, run inside the worker of sqliteWriter.ts. */
export interface SqliteStore {
  archiveEmpty(): boolean;
  existing(batch: ImportPosition[]): { navs: Set<string>; iupds: Set<string> };
  write(batch: ImportPosition[], status: ImportStatus, now: number): void;
  begin(): void;
  commit(): void;
  rollback(): void;
  close(): void;
}

/**
 * SQLite: one better-sqlite3 connection of its own on the database file, prepared statements, one
 * transaction per batch. Positions and options get their ids from lastInsertRowid, so nothing is read
 * back. Knex would cost an await and a query compilation per row; this is the archive's hot path the way
 * store/sql.ts does it for requests.
 */
export function sqliteStore(file: string): SqliteStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -262144'); // 256 MiB: the unique indexes of a million rows stay in memory
  db.pragma('foreign_keys = ON');
  const insPosition = db.prepare(
    'INSERT INTO debt_positions (organization_fiscal_code, iupd, debtor_type, debtor_fiscal_code, debtor_full_name, debtor_json, company_name, office_name, status, pay_stand_in, ' +
      "created_at, updated_at, service_type, pull, switch_to_expired, validity_date, publish_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'GPD', 1, ?, ?, ?)",
  );
  const insOption = db.prepare(
    'INSERT INTO payment_options (position_id, organization_fiscal_code, notice_number, iuv, amount_cents, description, due_date, is_partial_payment, status, metadata_json, ' +
      "retention_date, fee_cents, notification_fee_cents, inserted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PO_UNPAID', ?, ?, ?, 0, ?, ?)",
  );
  const insTransfer = db.prepare(
    'INSERT INTO option_transfers (option_id, id_transfer, amount_cents, organization_fiscal_code, company_name, iban, remittance_information, category, metadata_json, ' +
      'stamp_hash, stamp_type, stamp_province, postal_iban) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const hasNav = db.prepare('SELECT 1 FROM payment_options WHERE organization_fiscal_code = ? AND notice_number = ?').pluck();
  const hasIupd = db.prepare('SELECT 1 FROM debt_positions WHERE organization_fiscal_code = ? AND iupd = ?').pluck();
  let atomic = false;

  const insertAll = (batch: ImportPosition[], status: ImportStatus, now: number) => {
    const publish = status === 'VALID' ? now : null;
    for (const p of batch) {
      const pid = insPosition.run(
        p.organizationFiscalCode,
        p.iupd,
        p.debtorType,
        p.debtorFiscalCode,
        p.debtorFullName,
        p.debtorJson,
        p.companyName,
        p.officeName,
        status,
        p.payStandIn ? 1 : 0,
        now,
        now,
        p.switchToExpired ? 1 : 0,
        p.validityDate,
        publish,
      ).lastInsertRowid;
      for (const o of p.options) {
        const oid = insOption.run(
          pid,
          p.organizationFiscalCode,
          o.noticeNumber,
          o.iuv,
          o.amountCents,
          o.description,
          o.dueDate,
          o.isPartialPayment ? 1 : 0,
          o.metadataJson,
          o.retentionDate,
          o.feeCents,
          now,
          now,
        ).lastInsertRowid;
        for (const t of o.transfers) {
          insTransfer.run(
            oid,
            t.idTransfer,
            t.amountCents,
            t.organizationFiscalCode,
            t.companyName,
            t.iban,
            t.remittanceInformation,
            t.category,
            t.metadataJson,
            t.stampHash,
            t.stampType,
            t.stampProvince,
            t.postalIban,
          );
        }
      }
    }
  };
  const inTx = db.transaction(insertAll);

  return {
    archiveEmpty: () => !db.prepare('SELECT 1 FROM payment_options LIMIT 1').pluck().get() && !db.prepare('SELECT 1 FROM debt_positions LIMIT 1').pluck().get(),
    existing: (batch) => {
      const navs = new Set<string>();
      const iupds = new Set<string>();
      for (const p of batch) {
        if (hasIupd.get(p.organizationFiscalCode, p.iupd)) iupds.add(`${p.organizationFiscalCode}|${p.iupd}`);
        for (const o of p.options) if (hasNav.get(p.organizationFiscalCode, o.noticeNumber)) navs.add(`${p.organizationFiscalCode}|${o.noticeNumber}`);
      }
      return { navs, iupds };
    },
    write: (batch, status, now) => (atomic ? insertAll(batch, status, now) : inTx(batch, status, now)),
    begin: () => {
      db.exec('BEGIN IMMEDIATE');
      atomic = true;
    },
    commit: () => {
      db.exec('COMMIT');
      atomic = false;
    },
    rollback: () => {
      if (db.inTransaction) db.exec('ROLLBACK');
      atomic = false;
    },
    close: () => {
      // leave a small WAL behind for the server that opens the file next
      if (!db.inTransaction) db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
