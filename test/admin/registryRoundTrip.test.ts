import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { ROOT, startServer, type RunningServer } from '../helpers/server';
import { admin, EC, freshNotice, NodeForPsp, PSP } from '../helpers/soap';

type Json = Record<string, any>;
type Problem = { title: string; status: number; detail: string };

const DEMO: Json = YAML.parse(fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8'));
const KEY_66 = 'demo-ec-66666666666';
const KEY_BROKER = 'demo-broker-66666666666';

/**
 * GET /admin/registry shows no secret in clear (channel and station passwords, subscription keys), and
 * what it shows can be PUT back as it is (JSON or YAML): masked secrets keep the stored ones, `version`
 * is accepted. The payments and REST calls after the round trip still work with the old credentials.
 */
describe('/admin/registry: masked secrets, GET → PUT round trip, YAML', () => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  beforeAll(async () => {
    server = await startServer({ db: 'sqlite::memory:' });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const get = () => admin<Json>(server.baseUrl, '/admin/registry');
  const put = (body: string, type = 'application/json') => admin<Json & Problem>(server.baseUrl, '/admin/registry', { method: 'PUT', headers: { 'Content-Type': type }, body });
  const cartWith = async (key: string) =>
    (
      await fetch(`${server.baseUrl}/checkout/ec/v1/carts`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': key },
        body: JSON.stringify({
          paymentNotices: [{ noticeNumber: freshNotice(), fiscalCode: EC, amount: 1000, companyName: 'Comune di Test', description: 'TARI' }],
          returnUrls: { returnOkUrl: 'https://ec.example.it/ok', returnCancelUrl: 'https://ec.example.it/ko', returnErrorUrl: 'https://ec.example.it/err' },
        }),
      })
    ).status;
  const stillWorks = async () => {
    expect((await nodo.verify(freshNotice(), PSP)).result.outcome).toBe('OK');
    expect((await nodo.verify(freshNotice(), { ...PSP, password: 'wrongpassword' })).result.fault?.faultCode).toBe('PPT_AUTENTICAZIONE');
    expect(await cartWith(KEY_66)).toBe(302);
    expect(await cartWith(KEY_BROKER)).toBe(302);
    expect(await cartWith('demo-ec-00000000000')).toBe(401);
  };

  it('masks every channel and station password and every subscription key', async () => {
    const r = await admin<Json>(server.baseUrl, '/admin/registry');
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.body);
    for (const secret of ['pwdpwdpwd', ...DEMO.subscriptionKeys.map((k: Json) => k.key)]) expect(text).not.toContain(secret);
    expect(r.body.channels).toHaveLength(DEMO.channels.length);
    expect(r.body.channels.every((c: Json) => c.password === '***')).toBe(true);
    expect(r.body.stations).toHaveLength(DEMO.stations.length);
    expect(r.body.stations.every((s: Json) => s.password === '***')).toBe(true);
    // keys of 16 characters or more keep their last 4, which tells one owner's keys apart
    const byDescription = (a: Json, b: Json) => String(a.description).localeCompare(String(b.description));
    expect(DEMO.subscriptionKeys.every((k: Json) => String(k.key).length >= 16)).toBe(true);
    expect([...r.body.subscriptionKeys].sort(byDescription)).toEqual(DEMO.subscriptionKeys.map((k: Json) => ({ ...k, key: `***${String(k.key).slice(-4)}` })).sort(byDescription));
    expect(r.body.subscriptionKeys).toContainEqual({ key: '***6666', brokerCode: '66666666666', description: 'Intermediario EC di test: all its ECs' });
    expect(r.body.version).toEqual(expect.any(Number));
  });

  it('GET then PUT unchanged (JSON): 200, a new version, and the old passwords and keys still work', async () => {
    const before = await get();
    const r = await put(JSON.stringify(before.body));
    expect(r.status).toBe(200);
    expect(r.body.version).toBeGreaterThan(before.body.version);
    expect((await get()).body).toEqual({ ...before.body, version: r.body.version });
    await stillWorks();
  });

  it('GET as YAML (Accept: application/yaml) and PUT it back as YAML (application/yaml, text/yaml)', async () => {
    const res = await fetch(`${server.baseUrl}/admin/registry`, { headers: { Accept: 'application/yaml' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    const yaml = await res.text();
    expect(yaml).not.toContain('pwdpwdpwd');
    expect(YAML.parse(yaml).channels[0].password).toBe('***');
    for (const type of ['application/yaml', 'text/yaml; charset=utf-8']) {
      const r = await put(yaml, type);
      expect({ type, status: r.status }).toEqual({ type, status: 200 });
    }
    await stillWorks();
  });

  it('a registry file in YAML (the demo file itself) can be PUT, and its changes apply', async () => {
    const edited = fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8').replace('useIdempotency: true', 'useIdempotency: false');
    expect(edited).toContain('useIdempotency: false');
    const r = await put(edited, 'application/yaml');
    expect(r.status).toBe(200);
    expect((await get()).body.configuration.useIdempotency).toBe(false);
    await stillWorks();
  });

  it('a PUT with a new secret changes it; the masked form keeps it', async () => {
    const doc = (await get()).body;
    doc.channels.find((c: Json) => c.channelCode === PSP.idChannel).password = 'newpassword1';
    doc.subscriptionKeys.find((k: Json) => k.creditorInstitutionCode === '66666666666').key = 'a-brand-new-key-66';
    expect((await put(JSON.stringify(doc))).status).toBe(200);
    expect((await nodo.verify(freshNotice(), PSP)).result.fault?.faultCode).toBe('PPT_AUTENTICAZIONE');
    expect((await nodo.verify(freshNotice(), { ...PSP, password: 'newpassword1' })).result.outcome).toBe('OK');
    expect(await cartWith(KEY_66)).toBe(401);
    expect(await cartWith('a-brand-new-key-66')).toBe(302);
    // and back to the demo file's secrets
    expect((await put(JSON.stringify(DEMO))).status).toBe(200);
    await stillWorks();
  });

  it('a masked secret for something that did not exist before is a 400 naming it', async () => {
    const doc = (await get()).body;
    const cases: [Json, string][] = [
      [
        { ...doc, channels: [...doc.channels, { ...doc.channels[0], channelCode: '60000000001_99' }] },
        `channels[${doc.channels.length}].password: "***" keeps the stored password, but channel "60000000001_99" is new: give its password`,
      ],
      [
        { ...doc, stations: [...doc.stations, { ...doc.stations[0], stationCode: '66666666666_98' }] },
        `stations[${doc.stations.length}].password: "***" keeps the stored password, but station "66666666666_98" is new: give its password`,
      ],
      [
        { ...doc, subscriptionKeys: [...doc.subscriptionKeys, { key: '***8888', creditorInstitutionCode: '66666666666' }] },
        `subscriptionKeys[${doc.subscriptionKeys.length}].key: "***8888" keeps a stored key, but no stored key of this creditorInstitutionCode is masked so: give the key in full`,
      ],
      // the same masked key twice: only one stored key stands behind it
      [
        { ...doc, subscriptionKeys: [...doc.subscriptionKeys, doc.subscriptionKeys.find((k: Json) => k.creditorInstitutionCode === '66666666666')] },
        `subscriptionKeys[${doc.subscriptionKeys.length}].key: "***6666" keeps a stored key, but no stored key of this creditorInstitutionCode is masked so: give the key in full`,
      ],
    ];
    for (const [body, detail] of cases) {
      const r = await put(JSON.stringify(body));
      expect({ status: r.status, detail: r.body.detail }).toEqual({ status: 400, detail });
    }
    await stillWorks();
  });

  it('version must be a number when given; other bodies get a precise 400 or 415', async () => {
    const doc = (await get()).body;
    expect((await put(JSON.stringify({ ...doc, version: 'latest' }))).body.detail).toBe(
      'version: must be the registry version number GET /admin/registry gave (it is not used), got "latest"',
    );
    expect((await put(JSON.stringify({ ...doc, version: 1 }))).status).toBe(200);
    const notYaml = await put('channels: [unclosed', 'application/yaml');
    expect(notYaml.status).toBe(400);
    expect(notYaml.body.detail).toMatch(/^the body is not valid YAML: /);
    const scalar = await put('just a string', 'text/yaml');
    expect({ status: scalar.status, detail: scalar.body.detail }).toEqual({ status: 400, detail: 'the top level must be an object' });
    const plain = await put(JSON.stringify(doc), 'text/plain');
    expect({ status: plain.status, title: plain.body.title, detail: plain.body.detail }).toEqual({
      status: 415,
      title: 'Unsupported Media Type',
      detail: 'send the registry as application/json or application/yaml, got text/plain',
    });
    await stillWorks();
  });
});
