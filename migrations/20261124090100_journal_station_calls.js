// @ts-check
/**
 * The journal also records the node's own calls to EC stations (paVerifyPaymentNotice, paGetPayment(V2),
 * paSendRT(V2)), so an EC developer sees exactly what their endpoint received and answered. Existing rows
 * are PSP → node exchanges: the default 'in' describes them.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('journal', (t) => {
    t.string('direction', 3).notNullable().defaultTo('in').comment("'in': a PSP called the node; 'out': the node called an EC station");
    t.string('station_code', 35).nullable().comment('out: the EC station called (registry stationCode)');
  });
  await knex.schema.alterTable('journal', (t) => {
    t.index(['station_code']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('journal', (t) => t.dropIndex(['station_code']));
  await knex.schema.alterTable('journal', (t) => {
    t.dropColumn('direction');
    t.dropColumn('station_code');
  });
};
