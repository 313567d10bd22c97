import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { processCpuMicros } from './cpu';
import { activateBody, nextNoticeNumber, outcomeBody, paymentTokenOf, soapHeaders, SOAP_PATH } from './soap';
import { startEmulator, type Server } from './servers';

/**
 * Reporting flows (issue 14 "Performance"), on SQLite, one emulator process:
 *   publish   a flow of 100,000 payments over fdr-psp: create, 100 calls of 1,000, publish (target < 10 s)
 *   read      nodoChiediFlussoRendicontazione of a 10,000-payment flow (target < 1 s)
 *   generate  generateReportingFlows over 100,000 OK payments of one day (target < 10 s): one payment made
 *             through SOAP, then copied 99,999 times in the database (paying 100,000 through SOAP would take
 *             minutes and measure the payment path, not the generator)
 * Wall time and the server's own CPU for each.
 */
const PSP = '60000000001';
const KEY = { 'Ocp-Apim-Subscription-Key': 'demo-psp-60000000001', 'Content-Type': 'application/json' };
const EC = '66666666666';
const DAY_MS = 86_400_000;

export interface ReportingFigures {
  id: string;
  title: string;
  seconds: number;
  serverCpuSeconds: number | undefined;
  target: string;
  met: boolean;
  detail: string;
}

/** `dbUrl`: a fresh PostgreSQL database; without it, a new SQLite file in `workDir`. */
export async function reportingScenarios(workDir: string, say: (line: string) => void, dbUrl?: string): Promise<ReportingFigures[]> {
  const engine = dbUrl ? 'pg' : 'sqlite';
  const url = dbUrl ?? `sqlite:${path.join(workDir, 'fdr.sqlite')}`;
  const server = await startEmulator(`${engine}-fdr`, url, '0', workDir);
  try {
    const out: ReportingFigures[] = [];
    out.push(
      await measured(server, `${engine}-fdr-publish`, `${engine}: publish a 100,000-payment flow (100 calls of 1,000)`, 10, () => publishFlow(server.url, name(1), 100_000)),
    );
    await publishFlow(server.url, name(2), 10_000);
    const reads: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      bytes = await readFlow(server.url, name(2));
      reads.push((performance.now() - t0) / 1000);
    }
    reads.sort((a, b) => a - b);
    out.push({
      id: `${engine}-fdr-read`,
      title: `${engine}: nodoChiediFlussoRendicontazione, 10,000 payments`,
      seconds: reads[2]!,
      serverCpuSeconds: undefined,
      target: '< 1 s',
      met: reads[4]! < 1,
      detail: `median of 5, max ${reads[4]!.toFixed(3)} s, ${Math.round(bytes / 1024)} KB answer`,
    });
    await paidDay(server.url, url, 100_000);
    out.push(
      await measured(server, `${engine}-fdr-generate`, `${engine}: generateReportingFlows over 100,000 payments`, 10, async () => {
        const res = await fetch(`${server.url}/admin/jobs/generateReportingFlows/run`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        const body = (await res.json()) as { flows?: { payments: number }[] };
        const rows = (body.flows ?? []).reduce((s, f) => s + f.payments, 0);
        if (res.status !== 200 || rows !== 100_000) throw new Error(`generateReportingFlows: HTTP ${res.status}, ${rows} rows: ${JSON.stringify(body).slice(0, 300)}`);
        return `${body.flows!.length} flow(s), ${rows} rows`;
      }),
    );
    for (const f of out)
      say(
        `  ${f.title}: ${f.seconds.toFixed(2)} s${f.serverCpuSeconds !== undefined ? `, server CPU ${f.serverCpuSeconds.toFixed(2)} s` : ''} (${f.detail}) target ${f.target}: ${f.met ? 'met' : 'MISSED'}`,
      );
    return out;
  } finally {
    await server.stop();
  }
}

const name = (n: number) => `${new Date().toISOString().slice(0, 10)}${PSP}-bench${n}`;

async function measured(server: Server, id: string, title: string, targetSec: number, fn: () => Promise<string>): Promise<ReportingFigures> {
  const cpu0 = await processCpuMicros(server.url);
  const t0 = performance.now();
  const detail = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = await processCpuMicros(server.url);
  const serverCpuSeconds = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / 1e6 : undefined;
  return { id, title, seconds, serverCpuSeconds, target: `< ${targetSec} s`, met: seconds < targetSec, detail };
}

async function call(url: string, method: string, body?: unknown): Promise<void> {
  const res = await fetch(url, { method, headers: KEY, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer();
}

async function publishFlow(baseUrl: string, fdr: string, count: number): Promise<string> {
  const base = `${baseUrl}/fdr-psp/service/v1/psps/${PSP}/fdrs/${fdr}`;
  await call(base, 'POST', {
    fdr,
    fdrDate: new Date().toISOString(),
    sender: { type: 'LEGAL_PERSON', id: PSP, pspId: PSP, pspName: 'PSP di test', pspBrokerId: PSP, channelId: `${PSP}_01` },
    receiver: { id: EC, organizationId: EC, organizationName: 'Comune di Test' },
    regulation: 'SCT-BENCH',
    regulationDate: new Date().toISOString().slice(0, 10),
    totPayments: count,
    sumPayments: count,
  });
  for (let from = 1; from <= count; from += 1000) {
    const payments = Array.from({ length: Math.min(1000, count - from + 1) }, (_, i) => ({
      index: from + i,
      iuv: `02${String(from + i).padStart(15, '0')}`,
      iur: `iur${String(from + i).padStart(12, '0')}`,
      idTransfer: 1,
      pay: 1,
      payStatus: 'EXECUTED',
      payDate: new Date().toISOString(),
    }));
    await call(`${base}/payments/add`, 'PUT', { payments });
  }
  await call(`${base}/publish`, 'POST');
  return `${count} payments`;
}

/** nodoChiediFlussoRendicontazione with the demo station's credentials: the answer's size in bytes. */
async function readFlow(baseUrl: string, fdr: string): Promise<number> {
  const xml =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ws="http://ws.pagamenti.telematici.gov/"><soapenv:Body>' +
    `<ws:nodoChiediFlussoRendicontazione><identificativoIntermediarioPA>${EC}</identificativoIntermediarioPA><identificativoStazioneIntermediarioPA>${EC}_01</identificativoStazioneIntermediarioPA>` +
    `<password>pwdpwdpwd</password><identificativoDominio>${EC}</identificativoDominio><identificativoPSP>${PSP}</identificativoPSP><identificativoFlusso>${fdr}</identificativoFlusso>` +
    '</ws:nodoChiediFlussoRendicontazione></soapenv:Body></soapenv:Envelope>';
  const res = await fetch(`${baseUrl}/node-for-pa/v1`, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: 'nodoChiediFlussoRendicontazione' }, body: xml });
  const text = await res.text();
  if (res.status !== 200 || !text.includes('<xmlRendicontazione>')) throw new Error(`nodoChiediFlussoRendicontazione: HTTP ${res.status} ${text.slice(0, 300)}`);
  return Buffer.byteLength(text);
}

/**
 * `count` OK payments of today: one through SOAP, the rest copies of its token row with new tokens. Then the
 * emulator's clock moves a day on, so that the generator's default "yesterday" is that day.
 */
async function paidDay(baseUrl: string, dbUrl: string, count: number): Promise<void> {
  const soap = `${baseUrl}${SOAP_PATH}`;
  const notice = nextNoticeNumber();
  const act = await fetch(soap, { method: 'POST', headers: soapHeaders('activatePaymentNotice'), body: activateBody(notice, false) });
  const token = paymentTokenOf(await act.text());
  if (!token) throw new Error('bench: the activation of the generator leg gave no token');
  const today = new Date().toISOString().slice(0, 10);
  const out = await fetch(soap, { method: 'POST', headers: soapHeaders('sendPaymentOutcome'), body: outcomeBody(token, notice, false, today) });
  if (!(await out.text()).includes('<outcome>OK</outcome>')) throw new Error('bench: the outcome of the generator leg was not OK');
  await copyToken(dbUrl, token, count - 1);
  const res = await fetch(`${baseUrl}/admin/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ms: DAY_MS }) });
  if (res.status !== 200) throw new Error(`bench: clock advance HTTP ${res.status}`);
}

/** `copies` new rows of payment_tokens, each the paid `token` with a new token of its own. */
async function copyToken(dbUrl: string, token: string, copies: number): Promise<void> {
  const prefix = token.slice(0, 20);
  if (dbUrl.startsWith('sqlite:')) {
    const db = new Database(dbUrl.slice('sqlite:'.length));
    db.pragma('busy_timeout = 10000');
    const columns = (db.prepare('PRAGMA table_info(payment_tokens)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'token');
    const copy = db.prepare(`INSERT INTO payment_tokens (token, ${columns.join(', ')}) SELECT ?, ${columns.join(', ')} FROM payment_tokens WHERE token = ?`);
    db.transaction(() => {
      for (let i = 1; i <= copies; i++) copy.run(`${prefix}${i.toString(16).padStart(12, '0')}`, token);
    })();
    db.close();
    return;
  }
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  try {
    const cols = (
      await pg.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'payment_tokens' AND column_name <> 'token'")
    ).rows.map((r) => r.column_name);
    await pg.query(
      `INSERT INTO payment_tokens (token, ${cols.join(', ')}) SELECT $1 || lpad(to_hex(g), 12, '0'), ${cols.map((c) => `t.${c}`).join(', ')} FROM payment_tokens t, generate_series(1, $3::int) g WHERE t.token = $2`,
      [prefix, token, copies],
    );
  } finally {
    await pg.end();
  }
}
