// @ts-check
/**
 * An EC that takes its reporting flows by SFTP (reporting.md §5.6 step 4): nodoChiediFlussoRendicontazione
 * with its domain answers PPT_ID_FLUSSO_SCONOSCIUTO "… o presente in SFTP"; the list still shows its flows.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('creditor_institutions', (t) => {
    t.boolean('reporting_ftp').notNullable().defaultTo(false).comment('reportingFtp: the EC reads its flows by SFTP, not nodoChiediFlussoRendicontazione');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('creditor_institutions', (t) => {
    t.dropColumn('reporting_ftp');
  });
};
