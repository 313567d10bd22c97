import express from 'express';
import type { NodoContext } from '../nodo/context';
import type { JournalWriter } from '../store/journal';
import { resetState } from '../store/reset';

/** What a reset forgets besides the database: the built-in mock EC's queued answers and history (src/mockEc). */
export interface ResettableMemory {
  reset(): void;
}

/**
 * POST /admin/reset: the emulator as freshly seeded, keeping the registry (store/reset.ts), and the mock
 * EC's in-memory overrides and history of this process. Answers 200 with the rows deleted per table.
 * The clock is left alone: it has its own reset (POST /admin/clock/reset).
 */
export function adminResetRouter(ctx: NodoContext, journal: JournalWriter, mockEc?: ResettableMemory): express.Router {
  const r = express.Router();
  r.post('/reset', async (_req, res) => {
    // exchanges answered before the reset are written first, so none lands in the emptied journal after it
    await journal.flush();
    const result = await resetState(ctx.db, ctx.clock.now());
    mockEc?.reset();
    ctx.log.info('reset', { demoPositions: result.demoPositions });
    res.json({ reset: true, ...result, mockEc: mockEc !== undefined });
  });
  return r;
}
