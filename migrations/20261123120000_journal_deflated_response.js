// @ts-check
/**
 * Large journal responses (paGetPaymentsByDebtor listings: ~5 KB for five positions) are stored deflated:
 * as text they took a third of the listing's CPU (WAL bytes, overflow pages, checkpoints). `response_xml`
 * is then '' and `response_xml_deflated` holds the raw-deflate bytes; reads inflate transparently.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('journal', (t) => {
    t.binary('response_xml_deflated').nullable().comment('raw deflate of the response body when it is large (response_xml is then empty)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('journal', (t) => t.dropColumn('response_xml_deflated'));
};
