// @ts-check
/**
 * Checkout carts (spec §10): what an EC's POST /checkout/ec/v1|v2/carts asked for, the checkout page's
 * progress on it, and the e-mails the page would have sent (the dashboard's outbox; no mail server).
 * Times are epoch ms (bigint); amounts integer cents.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('carts', (t) => {
    t.string('id', 36).primary().comment('our cart id (UUID): the checkout page URL and the paymentNote sent towards the EC');
    t.smallint('api_version').notNullable().comment('1 or 2: which POST /carts created it (v2 has returnWaitingUrl and "leave pending")');
    t.string('origin', 10).notNullable().comment('api (an EC POST /carts), manual (the page without a cart), demo (dashboard button)');
    t.string('client_cart_id', 255).nullable().comment("the EC's idCart, as sent");
    t.string('email_notice', 255).nullable().comment('emailNotice of the request: where the payment confirmation goes');
    t.boolean('all_ccp').nullable().comment('allCCP of the request, as sent');
    t.text('return_ok_url').nullable().comment("returnUrls.returnOkUrl; null for manual carts (the emulator's own result page)");
    t.text('return_cancel_url').nullable().comment('returnUrls.returnCancelUrl');
    t.text('return_error_url').nullable().comment('returnUrls.returnErrorUrl');
    t.text('return_waiting_url').nullable().comment('returnUrls.returnWaitingUrl (v2 only)');
    t.string('status', 12).notNullable().comment('OPEN → PROCESSING (one action claimed it) → PAID | FAILED | CANCELLED | PENDING; an OPEN cart past expires_at is EXPIRED');
    t.string('action', 10).nullable().comment("the payer's action being (or last) processed: pay, fail, cancel, pending");
    t.bigInteger('lease_until').nullable().comment('PROCESSING: until when the claiming request owns the cart (a crashed one is taken over after it)');
    t.string('payer_email', 255).nullable().comment('the e-mail the payer confirmed on the page (defaults to emailNotice)');
    t.string('payment_method', 10).nullable().comment('the simulated method chosen on the page (sendPaymentOutcomeV2 paymentMethod)');
    t.string('fault_code', 60).nullable().comment('why the node refused the cart at activation, when it did');
    t.text('fault_description').nullable().comment("the node's description of that fault");
    t.bigInteger('created_at').notNullable().comment('POST /carts time');
    t.bigInteger('expires_at').notNullable().comment('created_at + checkout.cartExpirationMinutes');
    t.bigInteger('updated_at').notNullable().comment('last change');
    t.bigInteger('completed_at').nullable().comment('when it reached PAID, FAILED, CANCELLED or PENDING');
    t.index(['created_at']);
  });
  await knex.schema.createTable('cart_notices', (t) => {
    t.string('cart_id', 36).notNullable().comment('carts.id');
    t.smallint('position').notNullable().comment('0-based order in paymentNotices');
    t.string('notice_number', 18).notNullable().comment('paymentNotices[].noticeNumber');
    t.string('fiscal_code', 11).notNullable().comment('paymentNotices[].fiscalCode: the EC');
    t.bigInteger('amount_cents').notNullable().comment('paymentNotices[].amount (cents), sent as the activation amount');
    t.string('company_name', 140).notNullable().comment('paymentNotices[].companyName');
    t.string('description', 140).notNullable().comment('paymentNotices[].description');
    t.string('payment_token', 35).nullable().comment('the token activatePaymentNoticeV2 issued for this cart');
    t.string('status', 12).notNullable().comment('OPEN → ACTIVATED → PAID | FAILED | CANCELLED | PENDING, or REFUSED (the node would not activate it)');
    t.string('fault_code', 60).nullable().comment("REFUSED: the node's faultCode");
    t.text('fault_description').nullable().comment("REFUSED: the node's description");
    t.primary(['cart_id', 'position']);
    t.index(['notice_number']);
    t.index(['payment_token']);
  });
  await knex.schema.createTable('outbox_emails', (t) => {
    t.increments('id').comment('append-only: /admin/outbox');
    t.string('cart_id', 36).notNullable().comment('carts.id');
    t.string('to_address', 255).notNullable().comment("recipient: the payer's e-mail");
    t.string('subject', 255).notNullable().comment('subject line');
    t.text('body').notNullable().comment('plain-text body');
    t.string('lang', 2).notNullable().comment('it or en: the page language when it was written');
    t.bigInteger('created_at').notNullable().comment('when the page would have sent it');
    t.index(['cart_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('outbox_emails');
  await knex.schema.dropTable('cart_notices');
  await knex.schema.dropTable('carts');
};
