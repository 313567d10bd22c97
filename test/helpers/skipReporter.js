// @ts-check
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * Says once, at the end of the run, which cross-checks were skipped and why (the tests record them through
 * crossChecks.ts in a file under os.tmpdir() keyed by this run's id). Under CI=true any skip is an error of
 * the run: CI installs Java, chromium and PostgreSQL and lays the official files beside the clone, so a skip
 * there means a cross-check silently stopped running.
 */
class SkipReporter {
  constructor() {
    // set before the test files run (same process with --runInBand; inherited by workers otherwise)
    process.env.NODO_TEST_RUN_ID ??= `${process.pid}-${Date.now()}`;
    this.runId = process.env.NODO_TEST_RUN_ID;
    /** @type {Error | undefined} */
    this.error = undefined;
    /** @type {Map<string, import('@jest/test-result').AssertionResult[]>} */
    this.results = new Map();
  }

  onRunStart() {
    fs.rmSync(this.logPath(), { force: true });
  }

  logPath() {
    return path.join(os.tmpdir(), `nodo-cross-checks-${this.runId}.jsonl`);
  }

  /** @param {unknown} _test @param {import('@jest/test-result').TestResult} result */
  onTestResult(_test, result) {
    this.results.set(result.testFilePath, result.testResults);
  }

  onRunComplete() {
    if (!fs.existsSync(this.logPath())) return; // nothing skipped
    const lines = fs.readFileSync(this.logPath(), 'utf8').split('\n').filter(Boolean);
    fs.rmSync(this.logPath(), { force: true });
    /** @type {Map<string, { what: string, why: string, skipped: number, narrowed: number }>} */
    const byCheck = new Map();
    const counted = new Set();
    for (const line of lines) {
      /** @type {import('./crossChecks').SkipRecord} */
      const record = JSON.parse(line);
      const tests = (this.results.get(record.file) ?? []).filter((t) => {
        const inScope = !record.match || t.fullName.includes(record.match);
        const ran = t.status !== 'pending' && t.status !== 'skipped' && t.status !== 'todo';
        return inScope && (record.mode === 'skipped' ? !ran : ran);
      });
      const entry = byCheck.get(record.check) ?? { what: record.what, why: record.why, skipped: 0, narrowed: 0 };
      for (const t of tests) {
        // a test narrowed by two files' worth of records, or skipped twice, counts once per cross-check
        const key = `${record.check}|${record.file}|${t.fullName}`;
        if (counted.has(key)) continue;
        counted.add(key);
        entry[record.mode]++;
      }
      byCheck.set(record.check, entry);
    }
    const count = (/** @type {{ skipped: number, narrowed: number }} */ e) =>
      [e.skipped ? `${e.skipped} tests skipped` : '', e.narrowed ? `${e.narrowed} tests ran without it` : ''].filter(Boolean).join(', ') || 'no test affected';
    const report = [...byCheck.values()].map((e) => `  ${e.what} — ${e.why} (${count(e)})`);
    const message = `Skipped cross-checks:\n${report.join('\n')}`;
    if (process.env.CI === 'true') {
      this.error = new Error(`${message}\nCI=true: every cross-check must run (install what is missing: see .ci/run)`);
      process.stderr.write(`\n${this.error.message}\n`);
    } else {
      process.stderr.write(`\n${message}\n`);
    }
  }

  getLastError() {
    return this.error;
  }
}

module.exports = SkipReporter;
