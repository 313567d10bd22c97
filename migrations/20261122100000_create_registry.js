// @ts-check
/**
 * The registry ("configurazione", api-config): who may call the node and which station serves which notice.
 * Loaded from a JSON/YAML registry file; the node keeps an in-memory snapshot and re-reads it when `version` moves.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('registry_meta', (t) => {
    t.integer('id').primary().comment('always 1: a single row');
    t.integer('version').notNullable().comment('bumped on every registry load; processes reload their snapshot when it moves');
    t.bigInteger('loaded_at').notNullable().comment('epoch ms of the last load');
    t.string('source', 512).notNullable().comment('file the registry came from, or "demo"');
  });
  await knex.schema.createTable('psps', (t) => {
    t.string('psp_code', 35).primary().comment('idPSP');
    t.boolean('enabled').notNullable().comment('false gives PPT_PSP_DISABILITATO');
    t.string('business_name', 140).notNullable().comment('PSPCompanyName in receipts');
    t.string('tax_code', 70).nullable().comment('pspFiscalCode in receipts');
    t.string('vat_number', 20).nullable().comment('pspPartitaIVA in receipts');
    t.boolean('digital_stamp').notNullable().defaultTo(false).comment('may sell digital stamps (marca da bollo)');
  });
  await knex.schema.createTable('psp_brokers', (t) => {
    t.string('broker_psp_code', 35).primary().comment('idBrokerPSP');
    t.boolean('enabled').notNullable().comment('false gives PPT_INTERMEDIARIO_PSP_DISABILITATO');
    t.string('description', 140).nullable().comment('free text');
    t.boolean('extended_fault_bean').notNullable().defaultTo(false).comment('relay EC faults with original* fields instead of folding them into description');
  });
  await knex.schema.createTable('channels', (t) => {
    t.string('channel_code', 35).primary().comment('idChannel');
    t.boolean('enabled').notNullable().comment('false gives PPT_CANALE_DISABILITATO');
    t.string('password', 15).notNullable().comment('checked on every PSP request (PPT_AUTENTICAZIONE)');
    t.string('broker_psp_code', 35).notNullable().comment('owning broker; a different idBrokerPSP gives PPT_AUTORIZZAZIONE');
    t.string('payment_model', 40).notNullable().comment('ATTIVATO_PRESSO_PSP, IMMEDIATO, IMMEDIATO_MULTIBENEFICIARIO, DIFFERITO');
    t.integer('primitive_version').notNullable().comment('1 or 2');
    t.boolean('flag_standin').notNullable().defaultTo(false).comment('Stand-In allowed on this channel');
    t.boolean('pagopa_touchpoint').notNullable().defaultTo(false).comment('a pagoPA touchpoint channel (checkout): may close several tokens in one sendPaymentOutcomeV2');
    t.string('description', 140).nullable().comment('channelDescription in receipts');
  });
  await knex.schema.createTable('psp_channels', (t) => {
    t.string('psp_code', 35).notNullable().comment('idPSP');
    t.string('channel_code', 35).notNullable().comment('idChannel');
    t.string('payment_type', 10).notNullable().comment('tipoVersamento, e.g. PO');
    t.primary(['psp_code', 'channel_code', 'payment_type']);
  });
  await knex.schema.createTable('creditor_institutions', (t) => {
    t.string('ci_code', 11).primary().comment('EC fiscal code (qrCode.fiscalCode)');
    t.boolean('enabled').notNullable().comment('false gives PPT_DOMINIO_DISABILITATO');
    t.string('business_name', 140).notNullable().comment('companyName');
    t.string('office_name', 140).nullable().comment('officeName');
  });
  await knex.schema.createTable('ec_brokers', (t) => {
    t.string('broker_code', 35).primary().comment('idBrokerPA');
    t.boolean('enabled').notNullable().comment('false gives PPT_INTERMEDIARIO_PA_DISABILITATO');
    t.string('description', 140).nullable().comment('free text');
    t.boolean('extended_fault_bean').notNullable().defaultTo(false).comment('EC-side extended fault bean');
  });
  await knex.schema.createTable('stations', (t) => {
    t.string('station_code', 35).primary().comment('idStation');
    t.boolean('enabled').notNullable().comment('false gives PPT_STAZIONE_INT_PA_DISABILITATA');
    t.string('broker_code', 35).notNullable().comment('owning EC broker (idBrokerPA)');
    t.string('password', 15).nullable().comment('station password (EC-side primitives)');
    t.integer('primitive_version').notNullable().comment('1: paGetPayment/paSendRT, 2: the V2 primitives');
    t.string('backend', 20).notNullable().comment('archive | synthetic | remote');
    t.string('endpoint_url', 512).nullable().comment('paForNode endpoint for the remote backend');
    t.bigInteger('synthetic_amount_cents').nullable().comment('amount of notices the synthetic backend invents');
    t.boolean('flag_standin').notNullable().defaultTo(false).comment('Stand-In allowed on this station');
  });
  await knex.schema.createTable('station_ecs', (t) => {
    t.increments('id').comment('surrogate key: the natural key has nullable parts (aux digit, codes)');
    t.string('ci_code', 11).notNullable().comment('EC fiscal code');
    t.string('station_code', 35).notNullable().comment('station serving the EC');
    t.integer('aux_digit').nullable().comment('aux digit 0-3 of the notices this association serves');
    t.string('segregation_code', 2).nullable().comment('aux 3: digits 2-3 of the notice number');
    t.string('application_code', 2).nullable().comment('aux 0: digits 2-3 of the notice number');
    t.boolean('broadcast').notNullable().defaultTo(false).comment("receives receipts for its transfers inside other ECs' notices");
    t.integer('primitive_version').nullable().comment('overrides the station version for this EC');
    t.index(['ci_code']);
  });
  await knex.schema.createTable('ibans', (t) => {
    t.string('ci_code', 11).notNullable().comment('EC fiscal code');
    t.string('iban', 35).notNullable().comment('registered IBAN; transfers to others are refused');
    t.primary(['ci_code', 'iban']);
  });
  await knex.schema.createTable('config_keys', (t) => {
    t.string('key', 100).primary().comment('ConfigurationKey name, e.g. default_token_duration_validity_millis');
    t.string('value', 512).notNullable().comment('value as text');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const t of ['config_keys', 'ibans', 'station_ecs', 'stations', 'ec_brokers', 'creditor_institutions', 'psp_channels', 'channels', 'psp_brokers', 'psps', 'registry_meta']) {
    await knex.schema.dropTable(t);
  }
};
