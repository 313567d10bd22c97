// @ts-check
/**
 * Registry entities of pagoPA's test environment that the first registry had no place for (issue 13):
 * postal accounts (verificaBollettino finds the EC from them), the denylist (kept, checked as a no-op,
 * as the node does), the service catalogue with its subjects (nodoChiediCatalogoServiziV2,
 * demandPaymentNotice), PSP subscription keys, IBAN labels for the Backoffice External API, and the PSP
 * identity the informativa documents carry.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('postal_accounts', (t) => {
    t.string('cc_post', 12).primary().comment('conto corrente postale, 12 digits');
    t.string('ci_code', 11).notNullable().comment('EC the account belongs to');
  });
  await knex.schema.createTable('denylist', (t) => {
    t.string('ci_code', 11).notNullable().comment('EC');
    t.string('psp_code', 35).notNullable().comment('PSP');
    t.string('channel_code', 35).notNullable().comment('channel');
    t.primary(['ci_code', 'psp_code', 'channel_code']);
  });
  await knex.schema.createTable('cds_services', (t) => {
    t.string('service_id', 5).primary().comment('idServizio');
    t.string('description', 70).notNullable().comment('descrizioneServizio');
    t.string('category', 35).nullable().comment('categoria');
    t.integer('version').notNullable().comment('1 or 2; demandPaymentNotice needs 2 (PPT_VERSIONE_SERVIZIO)');
    t.string('xsd', 512).notNullable().comment('XSD of datiSpecificiServizio: built-in file name or absolute path');
  });
  await knex.schema.createTable('cds_subjects', (t) => {
    t.string('subject_id', 5).primary().comment('idSoggettoServizio');
    t.string('service_id', 5).notNullable().comment('idServizio it offers');
    t.string('ci_code', 11).notNullable().comment('EC offering it');
    t.string('station_code', 35).notNullable().comment('station the node calls paDemandPaymentNotice on');
    t.string('valid_from', 10).notNullable().comment('ISO date, first day of validity');
    t.string('valid_to', 10).nullable().comment('ISO date, last day of validity (null: open)');
    t.boolean('commission').notNullable().defaultTo(false).comment('catalogue commissione Y/N');
    t.index(['service_id']);
  });
  await knex.schema.alterTable('subscription_keys', (t) => {
    t.string('psp_code', 35).nullable().comment('PSP the key acts for (Backoffice PSP, reporting)');
  });
  await knex.schema.alterTable('ibans', (t) => {
    t.string('label', 35).nullable().comment('short label (Backoffice External API), e.g. CUP');
    t.string('description', 140).nullable().comment('free text');
    t.string('validity_date', 10).nullable().comment('ISO date the IBAN is valid from');
  });
  await knex.schema.alterTable('psps', (t) => {
    t.string('abi', 5).nullable().comment('ABI code (informativa documents)');
    t.string('bic', 11).nullable().comment('BIC code (informativa documents)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('psps', (t) => {
    t.dropColumn('abi');
    t.dropColumn('bic');
  });
  await knex.schema.alterTable('ibans', (t) => {
    t.dropColumn('label');
    t.dropColumn('description');
    t.dropColumn('validity_date');
  });
  await knex.schema.alterTable('subscription_keys', (t) => t.dropColumn('psp_code'));
  for (const t of ['cds_subjects', 'cds_services', 'denylist', 'postal_accounts']) await knex.schema.dropTable(t);
};
