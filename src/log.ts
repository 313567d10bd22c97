import type { LogLevel } from './config';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** One-line structured logs on stderr; stdout is kept for the start-up banner. */
export interface Logger {
  error(msg: string, fields?: object): void;
  warn(msg: string, fields?: object): void;
  info(msg: string, fields?: object): void;
  debug(msg: string, fields?: object): void;
  /** --log-level debug: hot paths test this once, so that a higher level costs nothing per request */
  readonly debugEnabled: boolean;
}

export function createLogger(level: LogLevel): Logger {
  const max = RANK[level];
  const emit = (l: LogLevel) => (msg: string, fields?: object) => {
    if (RANK[l] > max) return;
    const extra = fields ? ' ' + JSON.stringify(fields) : '';
    process.stderr.write(`${new Date().toISOString()} ${l.toUpperCase()} ${msg}${extra}\n`);
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug'), debugEnabled: max >= RANK.debug };
}
