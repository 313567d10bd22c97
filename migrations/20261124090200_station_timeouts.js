// @ts-check
/**
 * A remote station's own timeouts (registry `backend.timeouts`), kept with the station: the registry
 * snapshot every process works from is read back from these tables, so a timeout that is not stored is
 * a timeout the node never applies. Null: the node's default (spec §4.6: 7 s, 7 s, 15 s).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stations', (t) => {
    t.integer('timeout_verify_ms').nullable().comment('remote: paVerifyPaymentNotice timeout, ms (null: 7000)');
    t.integer('timeout_get_payment_ms').nullable().comment('remote: paGetPayment(V2) timeout, ms (null: 7000)');
    t.integer('timeout_send_rt_ms').nullable().comment('remote: paSendRT(V2) timeout, ms (null: 15000)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('stations', (t) => {
    t.dropColumn('timeout_verify_ms');
    t.dropColumn('timeout_get_payment_ms');
    t.dropColumn('timeout_send_rt_ms');
  });
};
