// @ts-check
/**
 * Every journal row's request and response are stored together, raw-deflated with a preset dictionary
 * (src/store/journalCodec.ts, journalDictionary.ts): ~100 bytes a row on the payment flow instead of
 * ~1,500 of text. `request_xml` and `response_xml` are then ''; rows written before stay as they were
 * (text, or `response_xml_deflated`), and every reader goes through journalCodec's readableRow.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('journal', (t) => {
    t.binary('exchange_deflated').nullable().comment('byte 0: dictionary version (journalDictionary.ts); then raw deflate of "<request UTF-8 bytes>:" + request + response');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('journal', (t) => t.dropColumn('exchange_deflated'));
};
