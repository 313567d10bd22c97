import type { PagopaPrimitive } from './request';
import { CRASH, type PagopaAnswer } from './wire';
import { child, elements, localName, serialize, textOf, type XElement } from './xmlDoc';

/**
 * The answers queued with `POST /mock-ec/response/{primitive}` (pagoPA's control API): one FIFO queue per
 * primitive, shared by every notice and EC; each entry answers one request of its primitive, whatever
 * its notice, and is gone. In memory, per process. Separate from the JSON overrides of /mock-ec/v1.
 */
export interface QueuedAnswer {
  /** the body as posted, sent as is unless it asks for a delay */
  raw: string;
  root: XElement;
}

export class PagopaQueues {
  private readonly queues = new Map<PagopaPrimitive, QueuedAnswer[]>();

  /** appends; the queue's length after */
  push(p: PagopaPrimitive, a: QueuedAnswer): number {
    const q = this.queues.get(p);
    if (q) q.push(a);
    else this.queues.set(p, [a]);
    return this.queues.get(p)!.length;
  }

  /** `?override=true`: the newest entry is replaced, or this one is added to an empty queue */
  replaceNewest(p: PagopaPrimitive, a: QueuedAnswer): void {
    const q = this.queues.get(p);
    if (q?.length) q[q.length - 1] = a;
    else this.queues.set(p, [a]);
  }

  take(p: PagopaPrimitive): QueuedAnswer | undefined {
    const q = this.queues.get(p);
    const a = q?.shift();
    if (q && q.length === 0) this.queues.delete(p);
    return a;
  }

  clear(p?: PagopaPrimitive): void {
    if (p) this.queues.delete(p);
    else this.queues.clear();
  }
}

// a typo must not pin a socket for hours; the node's longest timeout is far below this
const MAX_DELAY_MS = 600_000;

/**
 * A queued entry as pagoPA's mock EC sends it: as is, with 200, except
 *   - a root that is not a SOAP Envelope (`<response>error</response>` among them) → 500;
 *   - pspNotifyPayment whose text holds PAA_ERRORE_MOCK → 500;
 *   - an `<irraggiungibile>` child of the answer element (old primitives: of the inner xxxRisposta) → 500;
 *   - a `<delay>ms</delay>` child there → held that long, then sent without it, re-serialised.
 */
export function serveQueued(primitive: PagopaPrimitive, a: QueuedAnswer): PagopaAnswer {
  const crash: PagopaAnswer = { status: 500, body: CRASH };
  if (localName(a.root.name) !== 'Envelope') return crash;
  if (primitive === 'pspNotifyPayment' && a.raw.includes('PAA_ERRORE_MOCK')) return crash;
  const answer = elements(child(a.root, 'Body') ?? a.root)[0];
  if (!answer) return { status: 200, body: a.raw };
  // the old primitives wrap their content twice: <ppt:paaVerificaRPTRisposta><paaVerificaRPTRisposta>
  const inner = child(answer, localName(answer.name));
  const holders = inner ? [answer, inner] : [answer];
  if (holders.some((h) => child(h, 'irraggiungibile'))) return crash;
  const holder = holders.find((h) => child(h, 'delay'));
  if (!holder) return { status: 200, body: a.raw };
  const delay = child(holder, 'delay')!;
  const ms = Number.parseInt(textOf(delay).trim(), 10);
  // the entry stays as posted (it is one-shot anyway): the copy loses its <delay>
  const root = withoutElement(a.root, delay);
  return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?>${serialize(root)}`, delayMs: Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_DELAY_MS) : 0 };
}

function withoutElement(e: XElement, drop: XElement): XElement {
  return { ...e, children: e.children.filter((c) => c !== drop).map((c) => (typeof c === 'string' ? c : withoutElement(c, drop))) };
}
