import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { EcBackend } from '../ec/backend';
import type { Logger } from '../log';
import type { Db } from '../store/db';
import type { Station } from './registryModel';
import type { Registry } from './registry';

/** What a primitive may use: the store, the clock, the current registry snapshot and the EC backends. */
export interface NodoContext {
  readonly db: Db;
  readonly clock: Clock;
  registry(): Registry;
  backend(station: Station): EcBackend;
  readonly log: Logger;
}

/** Tokens are 32 lowercase hex characters: a UUID without dashes, as the node generates them. */
export function newPaymentToken(): string {
  return randomUUID().replace(/-/g, '');
}
