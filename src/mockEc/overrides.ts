/**
 * What the mock EC has been told to answer instead of the archive's answer, modelled on pagoPA's own
 * mock EC: `POST /mock-ec/v1/response/{primitive}` queues one, per notice or for the whole primitive;
 * `GET` lists them and `DELETE` removes them, all, per primitive, per notice or one by id.
 * In memory, per process: a standalone `mock-ec` and the `/mock-ec/v1` of each emulator process keep
 * their own queues (tests drive the process they call).
 */
export const MOCK_PRIMITIVES = ['paDemandPaymentNotice', 'paVerifyPaymentNotice', 'paGetPayment', 'paGetPaymentV2', 'paSendRT', 'paSendRTV2'] as const;
export type MockPrimitive = (typeof MOCK_PRIMITIVES)[number];

export const isMockPrimitive = (s: string): s is MockPrimitive => (MOCK_PRIMITIVES as readonly string[]).includes(s);

export type OverrideAction =
  | { action: 'fault'; faultCode: string; faultString?: string; description?: string; id?: string }
  | { action: 'invalid' }
  | { action: 'delay'; delayMs: number }
  | { action: 'timeout' }
  | { action: 'drop' }
  | { action: 'http'; httpStatus: number; body?: string }
  | { action: 'raw'; body: string };

export type Override = OverrideAction & { noticeNumber?: string; times: number };

// a delay past the node's longest timeout (15 s) is a timeout; the cap only keeps a typo from pinning a socket for hours
const MAX_DELAY_MS = 600_000;
const MAX_TEXT = 64 * 1024;

/** The JSON body of `POST /response/{primitive}`, checked field by field; a string is the 400's detail. */
export function parseOverride(body: unknown): Override | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object';
  const b = body as Record<string, unknown>;
  const str = (k: string, required: boolean, max = MAX_TEXT): string | undefined | Error => {
    const v = b[k];
    if (v === undefined) return required ? new Error(`${k} is required for action "${String(b.action)}"`) : undefined;
    if (typeof v !== 'string' || v.length === 0 || v.length > max) return new Error(`${k} must be a non-empty string of at most ${max} characters`);
    return v;
  };
  const int = (k: string, min: number, max: number, fallback?: number): number | Error => {
    const v = b[k] ?? fallback;
    if (v === undefined) return new Error(`${k} is required for action "${String(b.action)}"`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return new Error(`${k} must be an integer from ${min} to ${max}`);
    return v;
  };
  if (b.noticeNumber !== undefined && (typeof b.noticeNumber !== 'string' || !/^\d{18}$/.test(b.noticeNumber))) return 'noticeNumber must be 18 digits';
  const times = int('times', 0, 1_000_000, 1);
  if (times instanceof Error) return `${times.message} (0 = until cleared)`;
  const common = { ...(b.noticeNumber !== undefined ? { noticeNumber: b.noticeNumber as string } : {}), times };
  const known = ['noticeNumber', 'times', 'action'];
  const only = (...fields: string[]): string | undefined => {
    const extra = Object.keys(b).filter((k) => !known.includes(k) && !fields.includes(k));
    return extra.length ? `unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')} for action "${String(b.action)}"` : undefined;
  };
  const firstError = (...vs: unknown[]) => vs.find((v): v is Error => v instanceof Error)?.message;

  switch (b.action) {
    case 'fault': {
      const faultCode = str('faultCode', true, 140);
      const faultString = str('faultString', false);
      const description = str('description', false);
      const id = str('id', false, 140);
      const err = only('faultCode', 'faultString', 'description', 'id') ?? firstError(faultCode, faultString, description, id);
      if (err) return err;
      return {
        action: 'fault',
        faultCode: faultCode as string,
        faultString: faultString as string | undefined,
        description: description as string | undefined,
        id: id as string | undefined,
        ...common,
      };
    }
    case 'invalid':
    case 'timeout':
    case 'drop':
      return only() ?? { action: b.action, ...common };
    case 'delay': {
      const delayMs = int('delayMs', 0, MAX_DELAY_MS);
      return only('delayMs') ?? firstError(delayMs) ?? { action: 'delay', delayMs: delayMs as number, ...common };
    }
    case 'http': {
      const httpStatus = int('httpStatus', 200, 599);
      const text = b.body === '' ? '' : str('body', false);
      return only('httpStatus', 'body') ?? firstError(httpStatus, text) ?? { action: 'http', httpStatus: httpStatus as number, body: text as string | undefined, ...common };
    }
    case 'raw': {
      const text = str('body', true);
      return only('body') ?? firstError(text) ?? { action: 'raw', body: text as string, ...common };
    }
    default:
      return `action must be one of fault, invalid, delay, timeout, drop, http, raw; got ${JSON.stringify(b.action ?? null)}`;
  }
}

interface Queued {
  id: number;
  primitive: MockPrimitive;
  override: Override;
  /** answers left; Infinity for times 0 */
  left: number;
}

/** An override as `GET /mock-ec/v1/response[/{primitive}]` lists it; `override` is what was posted (it can be posted again). */
export interface QueuedView {
  id: number;
  primitive: MockPrimitive;
  noticeNumber: string | null;
  action: OverrideAction['action'];
  /** null: times 0, until removed */
  usesLeft: number | null;
  override: Override;
}

/**
 * FIFO queues, one per primitive and one per (primitive, notice). A request takes from its notice's queue
 * first, else from the primitive's; the head answers until its `times` are used up. Every override has an
 * id, so one that blocks the others (`times: 0` at a queue's head) can be listed and removed alone.
 */
export class OverrideQueues {
  private readonly byPrimitive = new Map<MockPrimitive, Queued[]>();
  private readonly byNotice = new Map<string, Queued[]>();
  private count = 0;
  private lastId = 0;

  push(primitive: MockPrimitive, o: Override): { queued: number; id: number } {
    const entry: Queued = { id: ++this.lastId, primitive, override: o, left: o.times === 0 ? Infinity : o.times };
    if (o.noticeNumber) append(this.byNotice, `${primitive}/${o.noticeNumber}`, entry);
    else append(this.byPrimitive, primitive, entry);
    this.count++;
    return { queued: this.pending(primitive), id: entry.id };
  }

  /** The override that answers this request, if any; consumes one of its uses. */
  take(primitive: MockPrimitive, noticeNumber: string | undefined): Override | undefined {
    // the hot path: no override queued at all (the benchmark)
    if (this.count === 0) return undefined;
    const key = noticeNumber ? `${primitive}/${noticeNumber}` : undefined;
    const noticeQueue = key ? this.byNotice.get(key) : undefined;
    const q = noticeQueue?.length ? noticeQueue : this.byPrimitive.get(primitive);
    const head = q?.[0];
    if (!head) return undefined;
    if (--head.left <= 0) {
      q!.shift();
      this.count--;
      if (q!.length === 0) q === noticeQueue ? this.byNotice.delete(key!) : this.byPrimitive.delete(primitive);
    }
    return head.override;
  }

  /** overrides still queued for a primitive, per-notice ones included */
  pending(primitive: MockPrimitive): number {
    let n = this.byPrimitive.get(primitive)?.length ?? 0;
    for (const [k, q] of this.byNotice) if (k.startsWith(`${primitive}/`)) n += q.length;
    return n;
  }

  /** What is queued, oldest first, for one primitive or all, for one notice or all (a notice's own overrides). */
  list(primitive?: MockPrimitive, noticeNumber?: string): QueuedView[] {
    return this.entries()
      .filter((e) => (!primitive || e.primitive === primitive) && (!noticeNumber || e.override.noticeNumber === noticeNumber))
      .sort((a, b) => a.id - b.id)
      .map(view);
  }

  /** Removes the overrides `which` selects; how many went. */
  remove(which: (e: QueuedView) => boolean): number {
    let removed = 0;
    for (const map of [this.byPrimitive, this.byNotice] as Map<unknown, Queued[]>[]) {
      for (const [k, q] of map) {
        const kept = q.filter((e) => !which(view(e)));
        removed += q.length - kept.length;
        if (kept.length) map.set(k, kept);
        else map.delete(k);
      }
    }
    this.count -= removed;
    return removed;
  }

  clear(primitive?: MockPrimitive): void {
    if (!primitive) {
      this.byPrimitive.clear();
      this.byNotice.clear();
      this.count = 0;
      return;
    }
    this.count -= this.pending(primitive);
    this.byPrimitive.delete(primitive);
    for (const k of [...this.byNotice.keys()]) if (k.startsWith(`${primitive}/`)) this.byNotice.delete(k);
  }

  private entries(): Queued[] {
    return [...this.byPrimitive.values(), ...this.byNotice.values()].flat();
  }
}

function view(e: Queued): QueuedView {
  const o = e.override;
  return { id: e.id, primitive: e.primitive, noticeNumber: o.noticeNumber ?? null, action: o.action, usesLeft: Number.isFinite(e.left) ? e.left : null, override: o };
}

function append<K>(map: Map<K, Queued[]>, key: K, entry: Queued): void {
  const q = map.get(key);
  if (q) q.push(entry);
  else map.set(key, [entry]);
}
