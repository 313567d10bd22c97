import { describe, expect, it } from '@jest/globals';
import { runCli } from '../helpers/server';

/**
 * A --host other than loopback exposes /admin and the mock EC's control API to the network: the
 * emulator refuses to start without an admin token (it does not invent one: a secret printed to a log
 * is not a secret). Bad values of the new flags are one line and exit code 2, like every flag.
 */
describe('start-up when reachable from other machines', () => {
  it.each([[['start', '--host', '0.0.0.0']], [['start', '--host', '::']], [['start', '--host', '192.168.1.10']], [['mock-ec', '--host', '0.0.0.0']]])(
    '%j without --admin-token: exit 2, naming the flag and its variable',
    async (args) => {
      const r = await runCli([...args, '--db', 'sqlite::memory:'], { NODO_ADMIN_TOKEN: '' });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(
          `^pagopa-node-emulator: --host ${args[2]!.replace(/\./g, '\\.')} lets other machines reach /admin and the mock EC's control API: give --admin-token <secret> \\(or NODO_ADMIN_TOKEN\\)`,
        ),
      );
    },
  );

  it.each([
    [['--allowed-hosts', 'http://nodo.example'], /^pagopa-node-emulator: --allowed-hosts: "http:\/\/nodo\.example" is not a host name/],
    [['--allowed-hosts', 'nodo.example:8080'], /--allowed-hosts: "nodo\.example:8080" is not a host name/],
    [['--public-url', 'nodo.example'], /^pagopa-node-emulator: --public-url must be an absolute http\(s\) URL, got "nodo\.example"/],
    [['--public-url', 'ftp://nodo.example'], /--public-url must be http\(s\):\/\/host\[:port\]\[\/path\]/],
    [['--public-url', 'https://nodo.example/?x=1'], /--public-url must be http\(s\):\/\/host/],
    [['--admin-token', 'two words'], /--admin-token must be printable ASCII without spaces/],
  ])('%j: exit 2 with one line', async (args, message) => {
    const r = await runCli(['start', '--db', 'sqlite::memory:', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
