import { Router } from 'express';

/** What `GET /admin/process` answers: this process's own CPU and memory, for `npm run bench` and operators. */
export interface ProcessView {
  pid: number;
  uptimeSec: number;
  /** process.cpuUsage(): user and system CPU time of this process since it started, in microseconds */
  cpuMicros: { user: number; system: number; total: number };
  memoryBytes: { rss: number; heapUsed: number };
}

export function processView(): ProcessView {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return {
    pid: process.pid,
    uptimeSec: Math.round(process.uptime()),
    cpuMicros: { user: cpu.user, system: cpu.system, total: cpu.user + cpu.system },
    memoryBytes: { rss: mem.rss, heapUsed: mem.heapUsed },
  };
}

/**
 * The bench reads it around each scenario: CPU µs per request is the figure that does not move with the
 * machine's noise or its number of cores (req/s does both).
 */
export function adminProcessRouter(): Router {
  const r = Router();
  r.get('/process', (_req, res) => {
    res.json(processView());
  });
  return r;
}
