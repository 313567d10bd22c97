import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { narrowedWithout } from './crossChecks';
import { tempDir } from './server';

/**
 * The same suite on every engine (Backstage's TestDatabases.eachSupportedId): SQLite always, PostgreSQL
 * when NODO_TEST_PG_URL points at a server where the tests may create databases. Each `create()` gives
 * a fresh, empty database.
 */
export interface TestDatabase {
  id: 'sqlite' | 'postgres';
  create(): Promise<string>;
}

const PG_URL = process.env.NODO_TEST_PG_URL;
const created: string[] = [];

export const DATABASES: TestDatabase[] = [
  { id: 'sqlite', create: async () => `sqlite:${path.join(tempDir(), 'nodo.sqlite')}` },
  ...(PG_URL
    ? [
        {
          id: 'postgres' as const,
          create: async () => {
            const name = `nodo_test_${randomBytes(6).toString('hex')}`;
            const admin = new Client({ connectionString: PG_URL });
            await admin.connect();
            try {
              await admin.query(`CREATE DATABASE ${name}`);
            } finally {
              await admin.end();
            }
            created.push(name);
            const url = new URL(PG_URL);
            url.pathname = `/${name}`;
            return url.toString();
          },
        },
      ]
    : []),
];

// without NODO_TEST_PG_URL the suites run on SQLite only: the end-of-run report says so
narrowedWithout('postgres', 'sqlite');

/** Engine ids, for `describe.each`. */
export const DATABASE_IDS = DATABASES.map((d) => [d.id, d] as const);
