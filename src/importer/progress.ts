import cliProgress from 'cli-progress';

/** Counters of one import run, for the progress bar and the summary. */
export interface Tally {
  rows: number;
  positions: number;
  notices: number;
  rejected: number;
}

/**
 * The progress bar (bytes of the file, so that it moves for CSV and JSONL alike) on stderr, only when
 * stderr is a terminal: a log file or a CI pipe gets the summary alone. Messages go above the bar.
 */
export interface Progress {
  update(bytes: number, tally: Tally): void;
  log(message: string): void;
  stop(): void;
}

export function progress(totalBytes: number, show: boolean): Progress {
  if (!show) return { update: () => undefined, log: (m) => void process.stderr.write(`${m}\n`), stop: () => undefined };
  const multi = new cliProgress.MultiBar(
    { stream: process.stderr, format: ' {bar} {percentage}% | {notices} notices, {rejected} rejected | {rate}/s | ETA {eta_formatted}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  const bar = multi.create(Math.max(totalBytes, 1), 0, { notices: 0, rejected: 0, rate: 0 });
  const started = Date.now();
  return {
    update: (bytes, t) => bar.update(bytes, { notices: t.notices, rejected: t.rejected, rate: Math.round(t.notices / Math.max((Date.now() - started) / 1000, 0.001)) }),
    log: (m) => multi.log(`${m}\n`),
    stop: () => multi.stop(),
  };
}

export function summary(t: Tally, elapsedMs: number, target: string, committed: boolean): string {
  const s = elapsedMs / 1000;
  const rate = Math.round((committed ? t.notices : 0) / Math.max(s, 0.001));
  return [
    `${committed ? 'imported into' : 'nothing imported into'} ${target}`,
    `  rows read          ${t.rows}`,
    `  positions imported ${committed ? t.positions : 0}`,
    `  notices imported   ${committed ? t.notices : 0}`,
    `  rejected           ${t.rejected}`,
    `  elapsed            ${s.toFixed(1)} s (${rate} notices/s)`,
    '',
  ].join('\n');
}
