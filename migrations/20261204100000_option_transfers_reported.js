// @ts-check
/**
 * GPD's reporting marks (spec reporting.md §8 "Marking"): a transfer named by a published reporting flow
 * moves T_UNREPORTED → T_REPORTED; its option becomes PO_PARTIALLY_REPORTED, then PO_REPORTED, and its
 * position REPORTED (those two statuses already exist in the archive's columns).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('option_transfers', (t) => {
    t.string('status', 20).notNullable().defaultTo('T_UNREPORTED').comment('T_UNREPORTED, or T_REPORTED once a published flow names (EC, IUV, idTransfer)');
    t.string('reported_iur', 35).nullable().comment('the iur of the flow row that reported it (GPD report body)');
    t.bigInteger('reported_at').nullable().comment('epoch ms when it was reported');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('option_transfers', (t) => {
    t.dropColumn('status');
    t.dropColumn('reported_iur');
    t.dropColumn('reported_at');
  });
};
