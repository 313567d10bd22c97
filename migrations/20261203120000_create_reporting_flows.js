// @ts-check
/**
 * Reporting flows (flussi di rendicontazione, FdR; spec reporting.md §11): one store for what PSPs publish over
 * REST (FdR 3) and SOAP (FdR 1) and what the node generates from its own receipts. A flow is identified by
 * (PSP, name, revision); a REST draft is CREATED, then INSERTED once it has payments, then PUBLISHED; each
 * publication of the same name is a new revision and the previous one stops being the latest.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('reporting_flows', (t) => {
    t.increments('id').comment('surrogate key');
    t.string('psp_id', 35).notNullable().comment('the PSP that sends the flow (path pspId, identificativoPSP)');
    t.string('name', 35).notNullable().comment('fdr / identificativoFlusso: <YYYY-MM-DD><idPSP>-<free>');
    t.integer('revision').notNullable().comment('1, 2, …: one per publication of the same name');
    t.string('status', 10).notNullable().comment('CREATED | INSERTED | PUBLISHED');
    t.boolean('is_latest').notNullable().defaultTo(false).comment('the latest PUBLISHED revision of (psp_id, name)');
    t.string('draft_name', 35).nullable().comment('= name while the flow is a draft, null once published: one draft per (psp_id, name)');
    t.string('org_id', 35).notNullable().comment('receiver.organizationId / identificativoDominio: the EC');
    t.bigInteger('fdr_date').notNullable().comment('fdrDate / dataOraFlusso, epoch ms');
    t.string('fdr_date_text', 40).notNullable().comment('fdrDate / dataOraFlusso as sent (SOAP keeps its wall time and offset)');
    t.text('header').notNullable().comment('JSON: sender, receiver, regulation, regulationDate, bicCodePouringBank, totPayments, sumPaymentsCents');
    t.integer('computed_tot').notNullable().defaultTo(0).comment('payments in the flow');
    t.bigInteger('computed_sum_cents').notNullable().defaultTo(0).comment('sum of their amounts, cents');
    t.string('origin', 10).notNullable().comment('REST | SOAP | GENERATED');
    t.text('xml').nullable().comment('the FlussoRiversamento document: as sent over SOAP, built at publish for REST');
    t.bigInteger('created_at').notNullable().comment('epoch ms');
    t.bigInteger('updated_at').notNullable().comment('epoch ms');
    t.bigInteger('published_at').nullable().comment('epoch ms of the publication');
    t.unique(['psp_id', 'name', 'revision']);
    t.unique(['psp_id', 'draft_name']);
    t.index(['org_id', 'status', 'is_latest']);
    t.index(['name']);
  });
  await knex.schema.createTable('reporting_flow_payments', (t) => {
    t.integer('flow_id').notNullable().comment('reporting_flows.id');
    t.integer('idx').notNullable().comment('index: the row number in the flow, unique in it');
    t.string('iuv', 35).notNullable().comment('identificativoUnivocoVersamento');
    t.string('iur', 35).notNullable().comment('identificativoUnivocoRiscossione (model 3: the receiptId = paymentToken)');
    t.integer('id_transfer').notNullable().comment('idTransfer / indiceDatiSingoloPagamento, 1..5');
    t.bigInteger('pay_cents').notNullable().comment('singoloImportoPagato, cents');
    t.string('pay_status', 20).notNullable().comment('EXECUTED | REVOKED | STAND_IN | STAND_IN_NO_RPT | NO_RPT');
    t.bigInteger('pay_date').notNullable().comment('payDate, epoch ms');
    t.primary(['flow_id', 'idx']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('reporting_flow_payments');
  await knex.schema.dropTable('reporting_flows');
};
