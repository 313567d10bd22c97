// @ts-check
/**
 * Pull payments and the central notices archive (ACA/GPD), spec §9:
 * - subscription keys (Ocp-Apim-Subscription-Key) per EC or EC broker, loaded with the registry;
 * - the GPD fields of a debt position, its payment options and transfers that the ACA, GPD-for-ACA and
 *   payments-pull APIs expose (dates are epoch ms, like every other timestamp here; money is cents);
 * - the pending-notice hint on journal rows (the debtor's other open notices at verify/activate time).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('subscription_keys', (t) => {
    t.string('subscription_key', 128).primary().comment('the Ocp-Apim-Subscription-Key value');
    t.string('ci_code', 11).nullable().comment('EC the key acts for (or null with broker_code)');
    t.string('broker_code', 35).nullable().comment('EC broker the key acts for: every EC of its stations');
    t.string('description', 140).nullable();
  });
  await knex.schema.alterTable('debt_positions', (t) => {
    t.string('service_type', 10).notNullable().defaultTo('GPD').comment('GPD or ACA (paCreatePosition)');
    t.boolean('pull').notNullable().defaultTo(true).comment('listed by payments pull');
    t.boolean('switch_to_expired').notNullable().defaultTo(false).comment('EXPIRED once every due date has passed');
    t.bigInteger('validity_date').nullable().comment('epoch ms: payable from (GPD validityDate)');
    t.bigInteger('publish_date').nullable().comment('epoch ms of publication');
    t.bigInteger('payment_date').nullable().comment('epoch ms of the payment that closed it');
  });
  await knex.schema.alterTable('debt_positions', (t) => {
    t.index(['debtor_fiscal_code', 'status']);
  });
  await knex.schema.alterTable('payment_options', (t) => {
    t.string('retention_date', 10).nullable().comment('YYYY-MM-DD');
    t.bigInteger('fee_cents').notNullable().defaultTo(0);
    t.bigInteger('notification_fee_cents').notNullable().defaultTo(0);
    t.bigInteger('inserted_at').nullable().comment('epoch ms');
    t.bigInteger('updated_at').nullable().comment('epoch ms');
    t.bigInteger('payment_date').nullable().comment('epoch ms of the OK outcome');
    t.string('payment_method', 35).nullable();
    t.string('psp_company', 140).nullable();
    t.string('id_receipt', 35).nullable().comment('the paymentToken that paid it');
  });
  await knex.schema.alterTable('option_transfers', (t) => {
    t.string('postal_iban', 35).nullable();
  });
  await knex.schema.alterTable('journal', (t) => {
    t.integer('debtor_open_notices').nullable().comment("pending-notice hint: the debtor's other open notices");
    t.bigInteger('debtor_open_amount_cents').nullable().comment('pending-notice hint: their total');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('journal', (t) => {
    t.dropColumn('debtor_open_notices');
    t.dropColumn('debtor_open_amount_cents');
  });
  await knex.schema.alterTable('option_transfers', (t) => t.dropColumn('postal_iban'));
  await knex.schema.alterTable('payment_options', (t) => {
    for (const c of ['retention_date', 'fee_cents', 'notification_fee_cents', 'inserted_at', 'updated_at', 'payment_date', 'payment_method', 'psp_company', 'id_receipt'])
      t.dropColumn(c);
  });
  await knex.schema.alterTable('debt_positions', (t) => t.dropIndex(['debtor_fiscal_code', 'status']));
  await knex.schema.alterTable('debt_positions', (t) => {
    for (const c of ['service_type', 'pull', 'switch_to_expired', 'validity_date', 'publish_date', 'payment_date']) t.dropColumn(c);
  });
  await knex.schema.dropTable('subscription_keys');
};
