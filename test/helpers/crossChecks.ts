import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * The extras some tests need beyond Node.js: each test that depends on one declares it here, so a run
 * without it skips those tests (or their second leg) and says so once, at the end, through
 * skipReporter.js. Under CI=true any skip fails the run (ARCHITECTURE.md §10: CI runs every cross-check).
 */
export type CrossCheck = 'reference' | 'java' | 'chromium' | 'postgres';

const ROOT = path.resolve(__dirname, '../..');
/**
 * pagoPA's official files (repository pagopa/pagopa-api, as `<dir>/pagopa-api`), laid beside the project,
 * never inside it: NODO_TEST_REFERENCE_DIR, else the workspace's ../shared/reference.
 */
export const REFERENCE_DIR = path.resolve(ROOT, process.env.NODO_TEST_REFERENCE_DIR ?? '../shared/reference');
/** Debian's chromium (`.ci/run` installs it): playwright-core never downloads a browser of its own. */
export const CHROMIUM = process.env.NODO_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** What each cross-check is, and why it is missing: the reporter prints these words. */
export const CROSS_CHECKS: Record<CrossCheck, { what: string; missing: () => string | undefined }> = {
  reference: {
    what: "pagoPA's official XSD/OpenAPI files",
    missing: () => (fs.existsSync(path.join(REFERENCE_DIR, 'pagopa-api')) ? undefined : `no ${REFERENCE_DIR}/pagopa-api`),
  },
  java: {
    what: 'Xerces (the JDK) as a second XSD validator',
    missing: () => (process.env.NODO_TEST_NO_JAVA === '1' ? 'NODO_TEST_NO_JAVA=1' : javaProblem()),
  },
  chromium: {
    what: 'the pages in a real browser (chromium)',
    missing: () => (fs.existsSync(CHROMIUM) ? undefined : `no ${CHROMIUM} (apt-get install chromium)`),
  },
  postgres: {
    what: 'the PostgreSQL leg',
    missing: () => (process.env.NODO_TEST_PG_URL ? undefined : 'NODO_TEST_PG_URL is not set'),
  },
};

/** XsdCheck.java runs as a single-file source program: that needs a JDK (its jdk.compiler module), not a bare JRE. */
function javaProblem(): string | undefined {
  let modules: string;
  try {
    modules = execFileSync('java', ['--list-modules'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 });
  } catch {
    return 'no java on PATH';
  }
  return /^jdk\.compiler@/m.test(modules) ? undefined : 'java is a JRE without jdk.compiler (install a JDK)';
}

const missingCache = new Map<CrossCheck, string | undefined>();
/** Why `check` cannot run here, or undefined when it can. */
export function missing(check: CrossCheck): string | undefined {
  if (!missingCache.has(check)) missingCache.set(check, CROSS_CHECKS[check].missing());
  return missingCache.get(check);
}
export const available = (check: CrossCheck): boolean => missing(check) === undefined;

/**
 * One line of the run's skip log. `skipped`: the file's skipped tests are the ones that needed `check`;
 * `narrowed`: its tests ran, but without this cross-check (validated against our own XSD only, on SQLite
 * only...), all of them or those whose full name contains `match`. The reporter counts the tests from the
 * file's results.
 */
export interface SkipRecord {
  check: CrossCheck;
  what: string;
  why: string;
  file: string;
  mode: 'skipped' | 'narrowed';
  match?: string;
}

/** The run's skip log: a file under os.tmpdir() keyed by the run id the reporter sets. */
export function skipLogPath(runId = process.env.NODO_TEST_RUN_ID ?? 'adhoc'): string {
  return path.join(os.tmpdir(), `nodo-cross-checks-${runId}.jsonl`);
}

const recorded = new Set<string>();
/** Records that `check` is missing for the current test file (once per file and mode). */
export function recordSkip(check: CrossCheck, mode: SkipRecord['mode'], match?: string): void {
  const why = missing(check) ?? 'unavailable';
  const file = expect.getState().testPath ?? 'unknown';
  const key = `${check}|${file}|${mode}`;
  if (recorded.has(key)) return;
  recorded.add(key);
  const record: SkipRecord = { check, what: CROSS_CHECKS[check].what, why, file, mode, ...(match ? { match } : {}) };
  fs.appendFileSync(skipLogPath(), JSON.stringify(record) + '\n');
}

/** `describe` where `check` is available, else `describe.skip`, recorded (e.g. `describeWith('chromium').each(...)`). */
export function describeWith(check: CrossCheck): typeof describe {
  if (available(check)) return describe;
  recordSkip(check, 'skipped');
  return describe.skip as typeof describe;
}

/** `it` where `check` is available, else `it.skip`, recorded. */
export function itWith(check: CrossCheck): typeof it {
  if (available(check)) return it;
  recordSkip(check, 'skipped');
  return it.skip as typeof it;
}

/**
 * True (and recorded) when `check` is missing and the current file's tests run without it: the tests
 * whose full name contains `match`, or all of them.
 */
export function narrowedWithout(check: CrossCheck, match?: string): boolean {
  if (available(check)) return false;
  recordSkip(check, 'narrowed', match);
  return true;
}
