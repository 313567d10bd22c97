import type { MockPrimitive, OverrideAction } from './overrides';

/**
 * What the mock EC received and answered, for `GET /mock-ec/v1/history/{noticeNumber}/{primitive}` and,
 * newest first and paged, `GET /mock-ec/v1/history`.
 * An entry is recorded when the request arrives and completed when the answer leaves (a held `timeout`
 * or a `drop` keeps response and httpStatus null), so a test sees a request the mock is still holding.
 * In memory, per process, bounded: the oldest entries go first once `limit` is reached.
 */
export interface HistoryEntry {
  at: string;
  primitive: MockPrimitive;
  /** qrCode.noticeNumber; for paSendRT(V2) the receipt's noticeNumber */
  noticeNumber: string;
  idPA: string | null;
  idBrokerPA: string | null;
  idStation: string | null;
  request: string;
  response: string | null;
  httpStatus: number | null;
  override: OverrideAction['action'] | null;
}

export const HISTORY_LIMIT = 10_000;

/** An entry as the paged listing shows it: `id` grows with every request received, so a client can tell entries apart. */
export type HistoryItem = { id: number } & HistoryEntry;

export interface HistoryFilter {
  primitive?: MockPrimitive;
  noticeNumber?: string;
}

export class History {
  // insertion order is age order: the global list evicts, the per-key lists answer queries
  private readonly all: HistoryEntry[] = [];
  private head = 0;
  private readonly byKey = new Map<string, HistoryEntry[]>();
  // the entries stay the plain objects the per-notice query answers; their ids live beside them
  private readonly ids = new WeakMap<HistoryEntry, number>();
  private lastId = 0;

  constructor(private readonly limit = HISTORY_LIMIT) {}

  record(e: HistoryEntry): HistoryEntry {
    const key = `${e.noticeNumber}/${e.primitive}`;
    const list = this.byKey.get(key);
    if (list) list.push(e);
    else this.byKey.set(key, [e]);
    this.all.push(e);
    this.ids.set(e, ++this.lastId);
    if (this.all.length - this.head > this.limit) this.evictOldest();
    return e;
  }

  /**
   * Files an entry under another notice: a request that names none (paDemandPaymentNotice) is found
   * under the notice its answer created.
   */
  rekey(e: HistoryEntry, noticeNumber: string): void {
    const old = this.byKey.get(`${e.noticeNumber}/${e.primitive}`);
    const i = old?.indexOf(e) ?? -1;
    if (i < 0) return;
    old!.splice(i, 1);
    if (old!.length === 0) this.byKey.delete(`${e.noticeNumber}/${e.primitive}`);
    e.noticeNumber = noticeNumber;
    const key = `${noticeNumber}/${e.primitive}`;
    const list = this.byKey.get(key);
    if (list) list.push(e);
    else this.byKey.set(key, [e]);
  }

  find(noticeNumber: string, primitive: MockPrimitive): HistoryEntry[] {
    return this.byKey.get(`${noticeNumber}/${primitive}`) ?? [];
  }

  /** Every entry the filter keeps, newest first: `limit` of them from `offset`, and how many there are. */
  page(filter: HistoryFilter, limit: number, offset: number): { total: number; items: HistoryItem[] } {
    const items: HistoryItem[] = [];
    let total = 0;
    for (let i = this.all.length - 1; i >= this.head; i--) {
      const e = this.all[i]!;
      if ((filter.primitive && e.primitive !== filter.primitive) || (filter.noticeNumber !== undefined && e.noticeNumber !== filter.noticeNumber)) continue;
      if (total >= offset && items.length < limit) items.push({ id: this.ids.get(e)!, ...e });
      total++;
    }
    return { total, items };
  }

  clear(): void {
    this.all.length = 0;
    this.head = 0;
    this.byKey.clear();
  }

  private evictOldest(): void {
    const old = this.all[this.head++]!;
    const key = `${old.noticeNumber}/${old.primitive}`;
    const list = this.byKey.get(key)!;
    list.shift();
    if (list.length === 0) this.byKey.delete(key);
    // compact now and then instead of shifting the big array on every eviction
    if (this.head >= this.limit) {
      this.all.splice(0, this.head);
      this.head = 0;
    }
  }
}
