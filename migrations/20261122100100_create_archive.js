// @ts-check
/**
 * The notices archive: what creditor institutions publish (ACA/GPD debt positions). The `archive` and
 * `synthetic` backends answer paVerifyPaymentNotice/paGetPayment from here. Money is integer cents.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('debt_positions', (t) => {
    t.increments('id').comment('surrogate key');
    t.string('organization_fiscal_code', 11).notNullable().comment('owning EC fiscal code');
    t.string('iupd', 140).notNullable().comment('EC-unique position id');
    t.string('debtor_type', 1).notNullable().comment('F natural person, G legal person');
    t.string('debtor_fiscal_code', 35).notNullable().comment('entityUniqueIdentifierValue (may be ANONIMO)');
    t.string('debtor_full_name', 70).notNullable().comment('fullName');
    t.text('debtor_json').nullable().comment('optional address fields of ctSubject, as JSON');
    t.string('company_name', 140).notNullable().comment('EC name shown to the payer');
    t.string('office_name', 140).nullable().comment('EC office');
    t.string('status', 20).notNullable().comment('DRAFT, PUBLISHED, VALID, PARTIALLY_PAID, PAID, INVALID, EXPIRED');
    t.boolean('pay_stand_in').notNullable().defaultTo(false).comment('payable in Stand-In when the station is down');
    t.bigInteger('created_at').notNullable().comment('epoch ms');
    t.bigInteger('updated_at').notNullable().comment('epoch ms');
    t.unique(['organization_fiscal_code', 'iupd']);
    t.index(['debtor_fiscal_code']);
  });
  await knex.schema.createTable('payment_options', (t) => {
    t.increments('id').comment('surrogate key');
    t.integer('position_id').notNullable().references('debt_positions.id').comment('owning position');
    t.string('organization_fiscal_code', 11).notNullable().comment('EC fiscal code (qrCode.fiscalCode)');
    t.string('notice_number', 18).notNullable().comment('NAV');
    t.string('iuv', 35).notNullable().comment('creditorReferenceId');
    t.bigInteger('amount_cents').notNullable().comment('paymentAmount in cents');
    t.string('description', 140).notNullable().comment('remittance description');
    t.string('due_date', 10).notNullable().comment('YYYY-MM-DD');
    t.boolean('is_partial_payment').notNullable().defaultTo(false).comment('an installment of a plan');
    t.string('status', 30).notNullable().comment('PO_UNPAID, PO_PAID, PO_PARTIALLY_REPORTED, PO_REPORTED');
    t.text('metadata_json').nullable().comment('payment-level metadata (mapEntry list) as JSON');
    t.unique(['organization_fiscal_code', 'notice_number']);
    t.index(['position_id']);
  });
  await knex.schema.createTable('option_transfers', (t) => {
    t.integer('option_id').notNullable().references('payment_options.id').comment('owning payment option');
    t.integer('id_transfer').notNullable().comment('1..5');
    t.bigInteger('amount_cents').notNullable().comment('transferAmount in cents');
    t.string('organization_fiscal_code', 11).notNullable().comment('beneficiary EC');
    t.string('company_name', 140).nullable().comment('beneficiary name (V2)');
    t.string('iban', 35).nullable().comment('credit IBAN; null for a digital stamp');
    t.string('remittance_information', 140).notNullable().comment('causale');
    t.string('category', 140).notNullable().comment('transferCategory (taxonomy)');
    t.text('metadata_json').nullable().comment('transfer metadata as JSON');
    t.string('stamp_hash', 72).nullable().comment('richiestaMarcaDaBollo.hashDocumento');
    t.string('stamp_type', 2).nullable().comment('richiestaMarcaDaBollo.tipoBollo');
    t.string('stamp_province', 2).nullable().comment('richiestaMarcaDaBollo.provinciaResidenza');
    t.primary(['option_id', 'id_transfer']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('option_transfers');
  await knex.schema.dropTable('payment_options');
  await knex.schema.dropTable('debt_positions');
};
