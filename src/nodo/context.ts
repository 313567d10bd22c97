import { randomFillSync } from 'node:crypto';
import type { Clock } from '../clock';
import type { EcBackend } from '../ec/backend';
import type { StationClient } from '../ec/stationClient';
import type { JournalWriter } from '../store/journal';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import type { JournalRetention } from '../store/journalRetention';
import type { Station } from './registryModel';
import type { Registry } from './registry';

/** What a primitive may use: the store, the clock, the current registry snapshot and the EC backends. */
export interface NodoContext {
  readonly db: Db;
  readonly clock: Clock;
  registry(): Registry;
  backend(station: Station): EcBackend;
  /** HTTP towards remote EC stations (paForNode), answers validated against our paForNode.xsd */
  readonly stations: StationClient;
  /** the exchange journal: PSP requests, and the node's own calls to EC stations */
  readonly journal: JournalWriter;
  /** what the journalRetention job keeps of the journal (--journal-retention) */
  readonly journalRetention: JournalRetention;
  readonly log: Logger;
}

const random = Buffer.alloc(10);

/**
 * Tokens are 32 lowercase hex characters: a UUID without dashes, as the node generates them. We issue
 * version-7 UUIDs (RFC 9562: 48-bit millisecond time, then 74 random bits). Measured reason: a token is
 * a key in four indexes (tokens, events, idempotency, journal); random v4 keys dirty a different leaf
 * page of each on every insert, time-ordered keys append to the same few, which cut the bytes every
 * group COMMIT writes to the WAL.
 */
export function newPaymentToken(nowMs: number): string {
  randomFillSync(random);
  random[0] = (random[0]! & 0x0f) | 0x70; // version 7
  random[2] = (random[2]! & 0x3f) | 0x80; // RFC 9562 variant
  return nowMs.toString(16).padStart(12, '0').slice(-12) + random.toString('hex');
}
