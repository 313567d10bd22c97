import type { MockPrimitive, OverrideAction } from './overrides';

/**
 * What the mock EC received and answered, for `GET /mock-ec/v1/history/{noticeNumber}/{primitive}`.
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

export class History {
  // insertion order is age order: the global list evicts, the per-key lists answer queries
  private readonly all: HistoryEntry[] = [];
  private head = 0;
  private readonly byKey = new Map<string, HistoryEntry[]>();

  constructor(private readonly limit = HISTORY_LIMIT) {}

  record(e: HistoryEntry): HistoryEntry {
    const key = `${e.noticeNumber}/${e.primitive}`;
    const list = this.byKey.get(key);
    if (list) list.push(e);
    else this.byKey.set(key, [e]);
    this.all.push(e);
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
