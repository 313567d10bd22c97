/**
 * Operating days are Europe/Rome calendar days (spec reporting.md §6), whatever the host's zone: the
 * generator turns a day into its [start, end) epoch-ms window, and "yesterday" is read on the injected clock.
 */
const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The Europe/Rome wall clock at an instant (also flowTime.ts's offsets). */
export function romeWall(ms: number): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const p = Object.fromEntries(PARTS.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** Rome's offset from UTC at that instant, in ms (+1 h or +2 h). */
function offsetAt(ms: number): number {
  const w = romeWall(ms);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

/** yyyy-MM-dd of that instant in Rome */
export function romeDate(ms: number): string {
  const w = romeWall(ms);
  return `${w.y}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/** HH:mm of that instant in Rome */
export function romeTime(ms: number): string {
  const w = romeWall(ms);
  return `${String(w.h).padStart(2, '0')}:${String(w.mi).padStart(2, '0')}`;
}

/** The day after (or `n` days after) a yyyy-MM-dd date. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** 00:00 of a yyyy-MM-dd day in Rome, as epoch ms (two passes: the offset may change that very night). */
export function romeMidnight(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  const guess = wall - offsetAt(wall);
  return wall - offsetAt(guess);
}

/** A real calendar date written yyyy-MM-dd. */
export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}
