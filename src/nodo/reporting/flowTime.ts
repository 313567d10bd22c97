import { romeWall } from './romeDay';

/**
 * The times of the SOAP reporting primitives (spec reporting.md §2, §5): the node reads `dataOraFlusso` as a
 * Java LocalDateTime (the wall time, zone dropped), prints it back with `LocalDateTime.toString()`, and
 * takes Europe/Rome for anything that has no offset. Pure functions, no clock.
 */
const LEXICAL = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** milliseconds (digits past the third are dropped, as LocalDateTime keeps nanos but prints millis here) */
  millis: number;
  /** minutes east of UTC, undefined when the text has no offset */
  offsetMinutes: number | undefined;
}

/** An xs:dateTime lexical value (the XSD gate has checked it) as its wall time and offset. */
export function parseDateTime(text: string): WallTime | undefined {
  const m = LEXICAL.exec(text.trim());
  if (!m) return undefined;
  const zone = m[8];
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    millis: m[7] ? Number(m[7].slice(1, 4).padEnd(3, '0')) : 0,
    offsetMinutes: zone === undefined ? undefined : zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))),
  };
}

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');
const day = (w: WallTime) => `${String(w.year).padStart(4, '0')}-${p2(w.month)}-${p2(w.day)}`;

/** Java's LocalDateTime.toString(): seconds only when not zero (or when there are millis), millis when not zero. */
export function localDateTimeString(w: WallTime): string {
  const hm = `${day(w)}T${p2(w.hour)}:${p2(w.minute)}`;
  if (w.second === 0 && w.millis === 0) return hm;
  return w.millis === 0 ? `${hm}:${p2(w.second)}` : `${hm}:${p2(w.second)}.${p3(w.millis)}`;
}

/** yyyy-MM-dd'T'HH:mm:ss, the list's dataOraFlusso (§5.5) */
export const secondsString = (w: WallTime): string => `${day(w)}T${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}`;

/** A sortable key of the wall time (year through millis), for "later" and "identical" */
export const wallKey = (w: WallTime): string => `${day(w)}T${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}.${p3(w.millis)}`;

/** Europe/Rome's offset from UTC at an instant, in ms */
function romeOffsetMs(epochMs: number): number {
  const w = romeWall(epochMs);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** A Europe/Rome wall time as an instant (the earlier one in the autumn overlap). */
export function romeWallToEpoch(year: number, month: number, dayOfMonth: number, hour = 0, minute = 0, second = 0, millis = 0): number {
  const asUtc = Date.UTC(year, month - 1, dayOfMonth, hour, minute, second, millis);
  let guess = asUtc - romeOffsetMs(asUtc);
  guess = asUtc - romeOffsetMs(guess);
  return guess;
}

/** The instant of a wall time: its own offset, else Europe/Rome (spec §2, XML→REST) */
export function epochOf(w: WallTime): number {
  if (w.offsetMinutes !== undefined) return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millis) - w.offsetMinutes * 60_000;
  return romeWallToEpoch(w.year, w.month, w.day, w.hour, w.minute, w.second, w.millis);
}

/** 00:00 Europe/Rome of the Rome calendar day `daysBack` days before the one `nowMs` falls in (§5.5 window). */
export function romeMidnightDaysBefore(nowMs: number, daysBack: number): number {
  const w = romeWall(nowMs);
  const d = new Date(Date.UTC(w.y, w.m - 1, w.d - daysBack));
  return romeWallToEpoch(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
