// @ts-check
/**
 * The node's own payment state (spec §8): notices it has seen, tokens, the event log of every transition,
 * the idempotency cache and the SOAP journal. Times are epoch ms in bigint columns (same on both engines).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('node_notices', (t) => {
    t.increments('id').comment('surrogate key');
    t.string('fiscal_code', 11).notNullable().comment('EC fiscal code');
    t.string('notice_number', 18).notNullable().comment('NAV');
    t.string('status', 20).notNullable().comment('INSERTED, PAYING, PAID, NOTIFIED');
    t.string('current_token', 35).nullable().comment('the live (PAYING) or paying token');
    t.bigInteger('created_at').notNullable().comment('epoch ms');
    t.bigInteger('updated_at').notNullable().comment('epoch ms');
    t.unique(['fiscal_code', 'notice_number']);
  });
  await knex.schema.createTable('payment_tokens', (t) => {
    t.string('token', 35).primary().comment('paymentToken: 32 lowercase hex');
    t.integer('notice_id').notNullable().references('node_notices.id').comment('the notice it pays');
    t.string('fiscal_code', 11).notNullable().comment('EC fiscal code');
    t.string('notice_number', 18).notNullable().comment('NAV');
    t.string('creditor_reference_id', 35).notNullable().comment('IUV');
    t.string('id_psp', 35).notNullable().comment('the PSP the token is bound to');
    t.string('id_broker_psp', 35).notNullable().comment('broker at activation');
    t.string('id_channel', 35).notNullable().comment('channel at activation');
    t.string('station_code', 35).notNullable().comment('station that served the notice');
    t.string('primitive', 40).notNullable().comment('activatePaymentNotice or activatePaymentNoticeV2');
    t.string('status', 20).notNullable().comment('PAYING, PAID, FAILED, CANCELLED (receipt states come later)');
    t.bigInteger('amount_cents').notNullable().comment('totalAmount');
    t.bigInteger('expires_at').notNullable().comment('epoch ms; the sweep cancels PAYING tokens past it');
    t.string('idempotency_key', 40).nullable().comment('key of the activation, if any');
    t.string('payment_note', 210).nullable().comment('paymentNote of the activation');
    t.text('payment_json').notNullable().comment('the EC data of the activation (description, debtor, transfers) for the receipt');
    t.string('outcome', 2).nullable().comment('OK or KO once outcomed');
    t.bigInteger('outcome_at').nullable().comment('epoch ms of the accepted outcome');
    t.text('outcome_json').nullable().comment('stored outcome (ESITO_GIA_ACQUISITO descriptions, receipt payer/fee)');
    t.bigInteger('created_at').notNullable().comment('epoch ms');
    t.bigInteger('updated_at').notNullable().comment('epoch ms');
    t.index(['status', 'expires_at']);
    t.index(['notice_id']);
  });
  await knex.schema.createTable('payment_events', (t) => {
    t.increments('id').comment('append-only');
    t.string('token', 35).nullable().comment('token concerned');
    t.integer('notice_id').notNullable().comment('node_notices.id');
    t.string('event', 40).notNullable().comment('state-machine event, e.g. ACTIVATE, OUTCOME_OK, SWEEP');
    t.string('from_status', 20).nullable().comment('token status before');
    t.string('to_status', 20).notNullable().comment('token status after');
    t.string('notice_from', 20).nullable().comment('notice status before');
    t.string('notice_to', 20).nullable().comment('notice status after');
    t.bigInteger('at').notNullable().comment('epoch ms (injected clock)');
    t.index(['token']);
    t.index(['notice_id']);
  });
  await knex.schema.createTable('idempotency_cache', (t) => {
    t.string('id_psp', 35).notNullable().comment('cache key part 1');
    t.string('idempotency_key', 40).notNullable().comment('cache key part 2');
    t.string('primitive', 40).notNullable().comment('cache key part 3');
    t.string('request_hash', 64).notNullable().comment('sha256 of the request minus the key');
    t.text('response_json').notNullable().comment('the response replayed verbatim');
    t.string('token', 35).nullable().comment('token the entry is tied to (invalidated on outcome/cancel)');
    t.bigInteger('valid_to').notNullable().comment('epoch ms');
    t.primary(['id_psp', 'idempotency_key', 'primitive']);
    t.index(['token']);
  });
  await knex.schema.createTable('journal', (t) => {
    t.increments('id').comment('exchange id');
    t.bigInteger('at').notNullable().comment('epoch ms of the request');
    t.string('request_id', 40).notNullable().comment('id also written to logs');
    t.string('operation', 60).nullable().comment('SOAP operation, null when unidentifiable');
    t.string('id_psp', 35).nullable().comment('caller');
    t.string('id_channel', 35).nullable().comment('caller channel');
    t.string('fiscal_code', 11).nullable().comment('EC of the notice');
    t.string('notice_number', 18).nullable().comment('notice');
    t.string('token', 35).nullable().comment('paymentToken(s), first one');
    t.string('outcome', 5).nullable().comment('OK, KO or FAULT');
    t.string('fault_code', 60).nullable().comment('faultCode of a KO');
    t.integer('http_status').notNullable().comment('HTTP status answered');
    t.integer('duration_us').notNullable().comment('handling time');
    t.text('request_xml').notNullable().comment('request body, password masked');
    t.text('response_xml').notNullable().comment('response body');
    t.index(['at']);
    t.index(['notice_number']);
    t.index(['token']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const t of ['journal', 'idempotency_cache', 'payment_events', 'payment_tokens', 'node_notices']) {
    await knex.schema.dropTable(t);
  }
};
