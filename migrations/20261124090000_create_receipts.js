// @ts-check
/**
 * The receipts outbox (spec §4.4, §8.7): one row per (receipt, recipient station), written in the
 * transaction of the accepted OK outcome, then delivered as paSendRT(V2) by the delivery worker with
 * retries. `receipt_attempts` keeps every delivery attempt as evidence. Times are epoch ms (bigint).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('receipts', (t) => {
    t.increments('id').comment('surrogate key: the id of /admin/receipts/{id}');
    t.string('token', 35).notNullable().comment('receiptId = the paymentToken that paid the notice');
    t.integer('notice_id').notNullable().comment('node_notices.id: moved PAID → NOTIFIED when the primary EC acknowledges');
    t.string('fiscal_code', 11).notNullable().comment('receipt.fiscalCode: the notice owner (primary EC), also on broadcast copies');
    t.string('notice_number', 18).notNullable().comment('receipt.noticeNumber (NAV)');
    t.string('creditor_reference_id', 35).notNullable().comment('IUV: the key of the GPD receipts API');
    t.string('debtor_fiscal_code', 35).nullable().comment('debtor entityUniqueIdentifierValue: the GPD receipts API filters on it');
    t.string('recipient_fiscal_code', 11).notNullable().comment('idPA the receipt is sent to: the primary EC, or a secondary EC (broadcast)');
    t.string('broker_code', 35).notNullable().comment('idBrokerPA: the recipient station broker at enqueue time');
    t.string('station_code', 35).notNullable().comment('idStation the receipt is delivered to');
    t.string('backend', 10).notNullable().comment('recipient station backend at enqueue time: remote (HTTP) or archive/synthetic (stored locally, NOTIFIED at once)');
    t.string('primitive', 12).notNullable().comment('paSendRT or paSendRTV2 (station/association primitiveVersion; V2 whenever a transfer is a stamp)');
    t.boolean('is_primary').notNullable().comment('true for the primary EC station: its acknowledgement makes the token and notice NOTIFIED');
    t.string('status', 20).notNullable().comment('NOTICE_GENERATED (queued) → NOTICE_SENT (attempt in flight) → NOTIFIED, or NOTICE_PENDING between failed attempts');
    t.integer('attempts').notNullable().defaultTo(0).comment('delivery attempts started; also the fencing value of the current lease');
    t.bigInteger('next_attempt_at')
      .nullable()
      .comment('when a worker may next take the row: the retry time, or the lease expiry while an attempt is in flight; null once NOTIFIED');
    t.string('lease_owner', 64).nullable().comment('worker (process) holding the row while its attempt is in flight');
    t.bigInteger('lease_until').nullable().comment('lease expiry: station sendRt timeout + margin; past it any process may take the row again');
    t.text('last_error').nullable().comment('fault code or failure code and detail of the last failed attempt');
    t.text('request_xml').notNullable().comment('the whole paSendRT(V2) SOAP envelope, as sent on every attempt');
    t.bigInteger('payment_date_time').notNullable().comment('receipt.paymentDateTime: the accepted OK outcome');
    t.bigInteger('created_at').notNullable().comment('enqueue time (the outcome transaction)');
    t.bigInteger('updated_at').notNullable().comment('last change');
    t.bigInteger('notified_at').nullable().comment('when the recipient acknowledged (or the receipt was stored locally)');
    // one copy per recipient station and EC: an outcome cannot enqueue the same receipt twice
    t.unique(['token', 'station_code', 'recipient_fiscal_code']);
    t.index(['notice_number']);
    t.index(['recipient_fiscal_code', 'creditor_reference_id']);
    t.index(['status']);
  });
  // The claim query's index, partial: NOTIFIED rows (null) are most of the table and never claimed.
  await knex.schema.alterTable('receipts', (t) => {
    t.index(['next_attempt_at'], 'receipts_due_idx', { predicate: knex.whereNotNull('next_attempt_at') });
  });
  await knex.schema.createTable('receipt_attempts', (t) => {
    t.increments('id').comment('append-only');
    t.integer('receipt_id').notNullable().comment('receipts.id');
    t.integer('attempt').notNullable().comment('1-based attempt number of that receipt');
    t.bigInteger('at').notNullable().comment('epoch ms when the attempt started');
    t.integer('duration_ms').notNullable().comment('time to the answer or the failure');
    t.string('worker', 64).notNullable().comment('lease owner that made the attempt (process)');
    t.string('result', 10).notNullable().comment('OK, KO (the EC answered a fault) or FAILURE (no usable answer)');
    t.string('fault_code', 60).nullable().comment('KO: the EC faultCode; FAILURE: PPT_STAZIONE_INT_PA_* classification');
    t.text('detail').nullable().comment('faultString/description of a KO, the failure detail otherwise');
    t.integer('http_status').nullable().comment('HTTP status of the answer, null when none came');
    t.index(['receipt_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('receipt_attempts');
  await knex.schema.dropTable('receipts');
};
