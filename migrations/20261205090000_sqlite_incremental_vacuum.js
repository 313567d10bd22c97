// @ts-check
/**
 * SQLite only: auto_vacuum = INCREMENTAL, so that the journal retention job (store/journalRetention.ts)
 * can give the pages of deleted journal rows back to the file system with `PRAGMA incremental_vacuum`.
 * The mode only takes effect on a database without tables, or through a VACUUM that rewrites the whole
 * file; by the time this migration runs the tables exist, so it VACUUMs. On a new or small database that
 * is a fraction of a second. A database already larger than VACUUM_AT_MOST is left as it is: rewriting
 * gigabytes would hold the start-up for minutes and need as much free disk again. Its deleted pages are
 * still reused by new rows (the file stops growing); to make it shrink, run offline
 * `sqlite3 nodo.sqlite 'PRAGMA auto_vacuum=INCREMENTAL; VACUUM;'`. PostgreSQL: nothing to do (autovacuum).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'better-sqlite3') return;
  const one = async (/** @type {string} */ pragma) => Number(Object.values((await knex.raw(`PRAGMA ${pragma}`))[0])[0]);
  if ((await one('auto_vacuum')) === 2) return;
  const bytes = (await one('page_count')) * (await one('page_size'));
  if (bytes > VACUUM_AT_MOST) {
    process.stderr.write(
      `migration: the database holds ${Math.round(bytes / 2 ** 20)} MiB: auto_vacuum left off (journal retention reuses freed pages; run 'PRAGMA auto_vacuum=INCREMENTAL; VACUUM;' offline to shrink it)\n`,
    );
    return;
  }
  await knex.raw('PRAGMA auto_vacuum = INCREMENTAL');
  await knex.raw('VACUUM');
};

/** 256 MiB: a few seconds of VACUUM on this project's reference machine */
const VACUUM_AT_MOST = 256 * 2 ** 20;

/** Nothing to undo: auto_vacuum changes how free pages are handled, not what the database holds. */
exports.down = async function down() {};

// VACUUM cannot run inside a transaction
exports.config = { transaction: false };
