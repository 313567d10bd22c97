import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openDb, type Db } from '../../src/store/db';
import { RESET_TABLES } from '../../src/store/reset';

/**
 * POST /admin/reset empties RESET_TABLES and keeps the registry's. A new migration's table must be put on
 * one side or the other, or this test fails: a reset that forgets a new state table would leave old
 * payments behind without anyone noticing.
 */
const REGISTRY_TABLES = [
  'cds_services',
  'cds_subjects',
  'channels',
  'config_keys',
  'creditor_institutions',
  'denylist',
  'ec_brokers',
  'ibans',
  'postal_accounts',
  'psp_brokers',
  'psp_channels',
  'psps',
  'registry_meta',
  'station_ecs',
  'stations',
  'subscription_keys',
];

let db: Db;
beforeAll(async () => {
  db = await openDb('sqlite::memory:');
  await db.knex.migrate.latest({ directory: path.resolve(__dirname, '../../migrations'), loadExtensions: ['.js'] });
});
afterAll(async () => {
  await db?.close();
});

it('every table is either state that a reset empties or the registry that it keeps', async () => {
  const rows = (await db.knex.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'knex_%'")) as { name: string }[];
  const tables = rows.map((r) => r.name).sort();
  expect(tables).toEqual([...RESET_TABLES, ...REGISTRY_TABLES].sort());
});
