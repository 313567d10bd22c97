import pg from 'pg';
import type { ImportPosition, ImportStatus, Writer } from './types';

/**
 * PostgreSQL: one client of its own, one transaction per batch, and one multi-row INSERT per table and
 * batch written as INSERT … SELECT FROM unnest(column arrays). Unnest binds one parameter per column
 * instead of one per value, so a batch of any size is one statement with one plan (VALUES lists stop at
 * 65,535 parameters, ~3,800 positions). Ids are reserved from the tables' own sequences first, so that
 * options can name their position and transfers their option without reading anything back, and a
 * server inserting at the same time never collides.
 */
export async function pgWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  let atomic = false;

  const reserve = async (table: string, n: number): Promise<number[]> => {
    const { rows } = await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS id FROM generate_series(1, $1)`, [n]);
    return rows.map((r) => Number(r.id));
  };

  const insertAll = async (batch: ImportPosition[], status: ImportStatus, now: number) => {
    const publish = status === 'VALID' ? now : null;
    let nOptions = 0;
    for (const p of batch) nOptions += p.options.length;
    const pids = await reserve('debt_positions', batch.length);
    const oids = await reserve('payment_options', nOptions);
    const P: unknown[][] = Array.from({ length: 12 }, () => []);
    const O: unknown[][] = Array.from({ length: 12 }, () => []);
    const T: unknown[][] = Array.from({ length: 13 }, () => []);
    let k = 0;
    batch.forEach((p, i) => {
      const row = [
        pids[i],
        p.organizationFiscalCode,
        p.iupd,
        p.debtorType,
        p.debtorFiscalCode,
        p.debtorFullName,
        p.debtorJson,
        p.companyName,
        p.officeName,
        p.payStandIn,
        p.switchToExpired,
        p.validityDate,
      ];
      row.forEach((v, c) => P[c]!.push(v));
      for (const o of p.options) {
        const oid = oids[k++];
        [
          oid,
          pids[i],
          p.organizationFiscalCode,
          o.noticeNumber,
          o.iuv,
          o.amountCents,
          o.description,
          o.dueDate,
          o.isPartialPayment,
          o.metadataJson,
          o.retentionDate,
          o.feeCents,
        ].forEach((v, c) => O[c]!.push(v));
        for (const t of o.transfers) {
          [
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
          ].forEach((v, c) => T[c]!.push(v));
        }
      }
    });
    // status and dates are the same for the whole batch: bound once
    await client.query(
      'INSERT INTO debt_positions (id, organization_fiscal_code, iupd, debtor_type, debtor_fiscal_code, debtor_full_name, debtor_json, company_name, office_name, pay_stand_in, ' +
        "switch_to_expired, validity_date, status, created_at, updated_at, service_type, pull, publish_date) SELECT *, $13::text, $14::bigint, $14::bigint, 'GPD', true, $15::bigint FROM " +
        'unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bool[], $11::bool[], $12::bigint[])',
      [...P, status, now, publish],
    );
    await client.query(
      'INSERT INTO payment_options (id, position_id, organization_fiscal_code, notice_number, iuv, amount_cents, description, due_date, is_partial_payment, metadata_json, ' +
        "retention_date, fee_cents, status, notification_fee_cents, inserted_at, updated_at) SELECT *, 'PO_UNPAID', 0, $13::bigint, $13::bigint FROM " +
        'unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::bool[], $10::text[], $11::text[], $12::bigint[])',
      [...O, now],
    );
    await client.query(
      'INSERT INTO option_transfers (option_id, id_transfer, amount_cents, organization_fiscal_code, company_name, iban, remittance_information, category, metadata_json, ' +
        'stamp_hash, stamp_type, stamp_province, postal_iban) SELECT * FROM ' +
        'unnest($1::int[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])',
      T,
    );
  };

  return {
    archiveEmpty: async () => {
      const { rows } = await client.query('SELECT (SELECT 1 FROM payment_options LIMIT 1) AS o, (SELECT 1 FROM debt_positions LIMIT 1) AS p');
      return rows[0].o === null && rows[0].p === null;
    },
    existing: async (batch) => {
      const ecs: string[] = [];
      const navs: string[] = [];
      for (const p of batch)
        for (const o of p.options) {
          ecs.push(p.organizationFiscalCode);
          navs.push(o.noticeNumber);
        }
      const n = await client.query<{ k: string }>(
        "SELECT organization_fiscal_code || '|' || notice_number AS k FROM payment_options WHERE (organization_fiscal_code, notice_number) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
        [ecs, navs],
      );
      const i = await client.query<{ k: string }>(
        "SELECT organization_fiscal_code || '|' || iupd AS k FROM debt_positions WHERE (organization_fiscal_code, iupd) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
        [batch.map((p) => p.organizationFiscalCode), batch.map((p) => p.iupd)],
      );
      return { navs: new Set(n.rows.map((r) => r.k)), iupds: new Set(i.rows.map((r) => r.k)) };
    },
    write: async (batch, status, now) => {
      if (atomic) return insertAll(batch, status, now);
      await client.query('BEGIN');
      try {
        await insertAll(batch, status, now);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
    begin: async () => {
      await client.query('BEGIN');
      atomic = true;
    },
    commit: async () => {
      await client.query('COMMIT');
      atomic = false;
    },
    rollback: async () => {
      if (atomic) await client.query('ROLLBACK');
      atomic = false;
    },
    close: () => client.end(),
  };
}
