import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { ROOT, runCli, startServer, tempDir, type RunningServer } from '../helpers/server';
import { NodeForPsp, PSP, admin, freshNotice } from '../helpers/soap';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

function demoRegistry(): Record<string, any> {
  return YAML.parse(fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8'));
}

describe('start-up', () => {
  it('migrates and seeds an empty database, prints the URLs, answers /health, and stops cleanly on SIGTERM and SIGINT', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'nested', 'nodo.sqlite');
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const s = await startServer({ db: `sqlite:${db}` });
      expect(s.stdout()).toMatch(/SOAP {2}http:\/\/127\.0\.0\.1:\d+\/node-for-psp\/v1/);
      expect(s.stdout()).toMatch(/WSDL {2}http:\/\/127\.0\.0\.1:\d+\/node-for-psp\/v1\?wsdl/);
      expect(s.stdout()).toMatch(/REST {2}http:\/\/127\.0\.0\.1:\d+\/admin/);
      expect(s.stdout()).toContain(`DB    sqlite:${db}`);
      const health = await fetch(`${s.baseUrl}/health`);
      expect(health.status).toBe(200);
      expect(await s.stop(signal)).toBe(0);
    }
    expect(fs.existsSync(db)).toBe(true);
  });

  it('keeps state across a restart (the database, not memory, holds it)', async () => {
    const db = `sqlite:${path.join(tempDir(), 'nodo.sqlite')}`;
    const n = freshNotice();
    const first = await startServer({ db });
    const a = await (await NodeForPsp.connect(first.wsdlUrl)).activate(n);
    expect(a.result.outcome).toBe('OK');
    await first.stop();
    const second = await startServer({ db });
    servers.push(second);
    const nodo = await NodeForPsp.connect(second.wsdlUrl);
    expect((await nodo.activate(n)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_IN_CORSO');
    expect((await nodo.outcome(a.result.paymentToken as string)).result.outcome).toBe('OK');
  });

  it('runs on sqlite::memory:', async () => {
    const s = await startServer({ db: 'sqlite::memory:' });
    servers.push(s);
    expect((await (await NodeForPsp.connect(s.wsdlUrl)).verify(freshNotice())).result.outcome).toBe('OK');
  });

  it('takes NODO_* environment variables, and a flag wins over its variable', async () => {
    const dir = tempDir();
    const s = await startServer({ db: `sqlite:${path.join(dir, 'flag.sqlite')}`, env: { NODO_DB_URL: `sqlite:${path.join(dir, 'env.sqlite')}`, NODO_HOST: '127.0.0.1' } });
    servers.push(s);
    expect(s.stdout()).toContain('flag.sqlite');
    expect(fs.existsSync(path.join(dir, 'env.sqlite'))).toBe(false);
  });

  it.each([
    [['start', '--bogus'], /unknown option '--bogus'/],
    [['start', '--port', 'eighty'], /--port must be an integer, got "eighty"/],
    [['start', '--port', '70000'], /--port must be between 0 and 65535/],
    [['start', '--log-level', 'loud'], /--log-level must be one of error, warn, info, debug/],
    [['start', '--db', 'mysql://x'], /--db must be sqlite:<path>, sqlite::memory: or postgres:\/\//],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('refuses %j with one clear line and a non-zero exit', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits non-zero with one line when the database is unreachable', async () => {
    const r = await runCli(['start', '--port', '0', '--db', 'postgres://nobody:secret@127.0.0.1:1/nodo']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot open database postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/nodo/);
    expect(r.stderr).not.toContain('secret');
  });

  it.each([
    ['broken.yaml', 'psps: [ {pspCode: "x"', /not valid YAML/],
    ['broken.json', '{"psps": ', /not valid JSON/],
    [
      'wrong.yaml',
      'channels:\n  - { channelCode: "c", enabled: true, password: "short", brokerPspCode: "b", paymentModel: ATTIVATO_PRESSO_PSP, primitiveVersion: 1 }\n',
      /channels\[0\]\.password: "short" does not match/,
    ],
    ['unknown.yaml', 'pizzas: []\n', /unknown section "pizzas"/],
    ['missing.yaml', undefined, /not found/],
  ])('exits non-zero with one line on a malformed registry file (%s)', async (name, content, message) => {
    const file = path.join(tempDir(), name);
    if (content !== undefined) fs.writeFileSync(file, content);
    const r = await runCli(['start', '--port', '0', '--db', 'sqlite::memory:', '--registry', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('loads a JSON registry file into the database, and its configuration applies', async () => {
    const reg = demoRegistry();
    reg.configuration.useIdempotency = false;
    const file = path.join(tempDir(), 'registry.json');
    fs.writeFileSync(file, JSON.stringify(reg));
    const s = await startServer({ db: 'sqlite::memory:', args: ['--registry', file] });
    servers.push(s);
    const nodo = await NodeForPsp.connect(s.wsdlUrl);
    const n = freshNotice();
    const key = '60000000001_idemoffabc';
    expect((await nodo.activate(n, { idempotencyKey: key })).result.outcome).toBe('OK');
    // with useIdempotency=false the key is ignored: the repeat meets the lock
    expect((await nodo.activate(n, { idempotencyKey: key })).result.fault?.faultCode).toBe('PPT_PAGAMENTO_IN_CORSO');
    const r = await admin<{ configuration: { useIdempotency: boolean }; channels: { password: string }[] }>(s.baseUrl, '/admin/registry');
    expect(r.body.configuration.useIdempotency).toBe(false);
    expect(r.body.channels.every((c) => c.password === '***')).toBe(true);
  });

  it('npm run migrate applies the migrations and exits', async () => {
    const db = `sqlite:${path.join(tempDir(), 'm.sqlite')}`;
    const r = await runCli(['migrate', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/migrated .*20261122100200_create_payments\.js/);
    const again = await runCli(['migrate', '--db', db]);
    expect(again.stdout).toMatch(/already up to date/);
  });

  it('PUT /admin/registry replaces the registry; a bad document is problem JSON', async () => {
    const s = await startServer({ db: 'sqlite::memory:' });
    servers.push(s);
    const bad = await admin<{ title: string; detail: string }>(s.baseUrl, '/admin/registry', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ psps: [{}] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe('psps[0].pspCode: required');
    const reg = demoRegistry();
    reg.psps[0].enabled = false;
    const ok = await admin<{ version: number }>(s.baseUrl, '/admin/registry', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(reg) });
    expect(ok.status).toBe(200);
    const nodo = await NodeForPsp.connect(s.wsdlUrl);
    expect((await nodo.verify(freshNotice(), PSP)).result.fault?.faultCode).toBe('PPT_PSP_DISABILITATO');
  });
});
