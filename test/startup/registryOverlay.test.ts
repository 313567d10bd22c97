import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROOT, runCli, startServer, tempDir, type RunningServer } from '../helpers/server';
import { NodeForPsp, admin } from '../helpers/soap';
import { verifyOkBody } from '../remote/helpers';

// The README's snippet, read from the README itself: if the README changes, this test follows it.
function readmeSnippet(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Pointing the node at your own `paForNode` endpoint'));
  const m = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README: no yaml snippet under "Pointing the node at your own paForNode endpoint"');
  return m[1];
}

const README_URL = 'http://127.0.0.1:9000/govpay/paForNode';
/** A notice of EC 66666666666 with aux digit 3 and segregation code 10: the snippet's association. */
const nav = () => `310${String(Date.now()).slice(-9)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

describe('--registry overlays over the demo registry', () => {
  const calls: { path: string; body: string }[] = [];
  let ec: http.Server;
  let ecUrl: string;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    // the EC's own paForNode endpoint: answers every paVerifyPaymentNotice OK
    ec = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        calls.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(verifyOkBody());
      });
    });
    await new Promise<void>((resolve) => ec.listen(0, '127.0.0.1', resolve));
    ecUrl = `http://127.0.0.1:${(ec.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await new Promise((resolve) => ec.close(resolve));
  });

  it("the README's remote-EC snippet, alone in a file, routes that EC's notices to the given endpoint", async () => {
    const snippet = readmeSnippet();
    expect(snippet).toContain(README_URL);
    const file = path.join(tempDir(), 'my-ec.yaml');
    // only the port differs from the README: the test's endpoint listens on a free one
    fs.writeFileSync(file, snippet.replace('http://127.0.0.1:9000', ecUrl));
    const s = await startServer({ db: 'sqlite::memory:', args: ['--registry', file] });
    servers.push(s);
    const notice = nav();
    const before = calls.length;
    const { result } = await (await NodeForPsp.connect(s.wsdlUrl)).verify(notice);
    expect(result.outcome).toBe('OK');
    expect(calls.length).toBe(before + 1);
    const call = calls[calls.length - 1];
    expect(call.path).toBe('/govpay/paForNode');
    expect(call.body).toContain('paVerifyPaymentNoticeReq');
    expect(call.body).toContain('<idStation>66666666666_10</idStation>');
    expect(call.body).toContain(`<noticeNumber>${notice}</noticeNumber>`);
    // the rest of the demo registry is still there
    const reg = await admin<{ stations: { stationCode: string }[]; psps: { pspCode: string }[] }>(s.baseUrl, '/admin/registry');
    expect(reg.body.stations.map((x) => x.stationCode)).toEqual(expect.arrayContaining(['66666666666_01', '66666666666_10']));
    expect(reg.body.psps.length).toBeGreaterThan(3);
  });

  it('applies several files in order (repeated flag and comma-separated alike): a later entry replaces an earlier one, configuration keys merge', async () => {
    const dir = tempDir();
    const first = path.join(dir, 'first.yaml');
    const second = path.join(dir, 'second.yaml');
    const third = path.join(dir, 'third.json');
    fs.writeFileSync(first, readmeSnippet().replace('http://127.0.0.1:9000', 'http://127.0.0.1:1'));
    fs.writeFileSync(
      second,
      `stations:\n  - { stationCode: "66666666666_10", enabled: true, brokerCode: "66666666666", primitiveVersion: 2, backend: { type: remote, url: "${ecUrl}/second" } }\nconfiguration:\n  useIdempotency: false\n`,
    );
    fs.writeFileSync(third, JSON.stringify({ psps: [{ pspCode: '60000000001', enabled: false, businessName: 'switched off by an overlay' }] }));
    const s = await startServer({ db: 'sqlite::memory:', args: ['--registry', `${first},${second}`, '--registry', third] });
    servers.push(s);
    const reg = await admin<{
      stations: { stationCode: string; backend: { url?: string } }[];
      psps: { pspCode: string; enabled: boolean }[];
      configuration: Record<string, unknown>;
    }>(s.baseUrl, '/admin/registry');
    expect(reg.body.stations.find((x) => x.stationCode === '66666666666_10')?.backend.url).toBe(`${ecUrl}/second`);
    expect(reg.body.stations.filter((x) => x.stationCode === '66666666666_10')).toHaveLength(1);
    expect(reg.body.psps.find((p) => p.pspCode === '60000000001')?.enabled).toBe(false);
    expect(reg.body.configuration.useIdempotency).toBe(false);
    // the PSP the last file disabled is refused as the node refuses a disabled PSP
    const { result } = await (await NodeForPsp.connect(s.wsdlUrl)).verify(nav());
    expect(result.fault?.faultCode).toBe('PPT_PSP_DISABILITATO');
  });

  it.each([
    [
      'a reference the merged registry lacks names the file and the entry',
      'stationCreditorInstitutions:\n  - { creditorInstitutionCode: "66666666666", stationCode: "NO_SUCH_STATION", auxDigit: 3, segregationCode: "55" }\n',
      /: registry file .*bad\.yaml: stationCreditorInstitutions "66666666666\|seg 55"\.stationCode: "NO_SUCH_STATION" is not in stations$/,
    ],
    [
      'a key repeated within one file is refused (across files, the later one wins)',
      'psps:\n  - { pspCode: "P1", enabled: true, businessName: "a" }\n  - { pspCode: "P1", enabled: true, businessName: "b" }\n',
      /: registry file .*bad\.yaml: psps\[1\]: duplicate "P1"$/,
    ],
    [
      'a malformed entry names the file and its own index',
      'stations:\n  - { stationCode: "X", enabled: true }\n',
      /: registry file .*bad\.yaml: stations\[0\]\.brokerCode: required$/,
    ],
  ])('%s', async (_name, content, message) => {
    const file = path.join(tempDir(), 'bad.yaml');
    fs.writeFileSync(file, content);
    const r = await runCli(['start', '--port', '0', '--db', 'sqlite::memory:', '--registry', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});
