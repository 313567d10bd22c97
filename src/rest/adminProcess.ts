import { Router } from 'express';
import type { Db, Engine } from '../store/db';
import type { DbCounters } from '../store/dbCounters';

/** What `GET /admin/process` answers: this process's own CPU, memory and database work, for `npm run bench` and operators. */
export interface ProcessView {
  pid: number;
  uptimeSec: number;
  /** process.cpuUsage(): user and system CPU time of this process since it started, in microseconds */
  cpuMicros: { user: number; system: number; total: number };
  memoryBytes: { rss: number; heapUsed: number };
  /** statements and transactions this process has run since it opened its database (store/dbCounters.ts) */
  database: { engine: Engine } & DbCounters;
}

export function processView(db: Db): ProcessView {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const c = db.counters;
  return {
    pid: process.pid,
    uptimeSec: Math.round(process.uptime()),
    cpuMicros: { user: cpu.user, system: cpu.system, total: cpu.user + cpu.system },
    memoryBytes: { rss: mem.rss, heapUsed: mem.heapUsed },
    database: { engine: db.engine, statements: c.statements, transactions: c.transactions, commits: c.commits, rollbacks: c.rollbacks },
  };
}

/**
 * The bench reads it around each scenario: CPU µs per request is the figure that does not move with the
 * machine's noise or its number of cores (req/s does both); statements and transactions per payment say
 * where the database's share of it goes.
 */
export function adminProcessRouter(db: Db): Router {
  const r = Router();
  r.get('/process', (_req, res) => {
    res.json(processView(db));
  });
  return r;
}
