import express from 'express';
import { ClockRangeError, type Clock } from '../clock';
import { writeProblem } from './problems';

// an ISO-8601 date-time with its zone: without one, Date.parse would read it in the server's local time
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * /admin/clock: the emulator's time, moved both ways so every move can be undone.
 *   GET  /admin/clock                          → {now, offsetMs}
 *   POST /admin/clock/advance {"ms": <integer>}  forward, or back with a negative ms
 *   POST /admin/clock/set {"at": "<ISO-8601>"}    now reads `at`
 *   POST /admin/clock/reset                      the system time again
 * Each answers the clock as GET does. Past ±100 years (clock.ts) the move is a 400 and the clock stays.
 */
export function adminClockRouter(clock: Clock): express.Router {
  const r = express.Router();
  const view = () => ({ now: clock.now().toISOString(), offsetMs: clock.offsetMs() });

  r.get('/', (_req, res) => res.json(view()));

  r.post('/advance', express.json(), (req, res) => {
    const body = onlyField(req.body, 'ms');
    if (typeof body === 'string') return writeProblem(res, 'bad-body', body);
    const { ms } = body;
    if (typeof ms !== 'number' || !Number.isSafeInteger(ms))
      return writeProblem(res, 'bad-body', `ms must be an integer number of milliseconds (negative moves the clock back), got ${JSON.stringify(ms) ?? 'nothing'}`);
    return move(res, 'ms', () => clock.advance(ms));
  });

  r.post('/set', express.json(), (req, res) => {
    const body = onlyField(req.body, 'at');
    if (typeof body === 'string') return writeProblem(res, 'bad-body', body);
    const { at } = body;
    const t = typeof at === 'string' && ISO_WITH_ZONE.test(at) && realDay(at) ? Date.parse(at) : NaN;
    if (Number.isNaN(t))
      return writeProblem(res, 'bad-body', `at must be an ISO-8601 date-time with its zone, e.g. "2030-01-31T12:00:00Z", got ${JSON.stringify(at) ?? 'nothing'}`);
    return move(res, 'at', () => clock.set(new Date(t)));
  });

  // no body needed: the dashboard's button and curl -X POST both work
  r.post('/reset', (_req, res) => {
    clock.reset();
    res.json(view());
  });

  function move(res: express.Response, field: string, change: () => void): void {
    try {
      change();
    } catch (err) {
      if (err instanceof ClockRangeError) return writeProblem(res, 'bad-body', `${field}: ${err.message}`);
      throw err;
    }
    res.json(view());
  }

  return r;
}

/** Date.parse rolls 2030-02-30 over to March 2: a day the month does not have is refused instead. */
function realDay(iso: string): boolean {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The JSON body must be an object with exactly `name`: a typo ("msec") is named rather than ignored. */
function onlyField(body: unknown, name: string): Record<string, unknown> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `the body must be a JSON object {"${name}": …} sent as application/json`;
  const extra = Object.keys(body).find((k) => k !== name);
  if (extra !== undefined) return `unknown field "${extra}"; the body is {"${name}": …}`;
  return body as Record<string, unknown>;
}
