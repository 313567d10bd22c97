// @ts-check
/**
 * What the node activated for a cart notice: the EC may price a notice differently from what it declared
 * in POST /carts (the node does not compare them); the page and the e-mail show what was really paid.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cart_notices', (t) => {
    t.bigInteger('node_amount_cents').nullable().comment('totalAmount of the activatePaymentNoticeV2 answer (cents); null until activated');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cart_notices', (t) => {
    t.dropColumn('node_amount_cents');
  });
};
