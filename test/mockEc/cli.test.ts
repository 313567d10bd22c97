import { describe, expect, it } from '@jest/globals';
import { runCli } from '../helpers/server';

describe('pagopa-node-emulator mock-ec: bad command lines', () => {
  it.each([
    [['mock-ec', '--port', 'eighty'], /--port must be an integer, got "eighty"/],
    [['mock-ec', 'now'], /unexpected argument "now"/],
    [['mock-ec', '--db', 'mysql://x'], /--db must be sqlite:<path>/],
  ])('%j → exit 2 with a one-line reason', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
