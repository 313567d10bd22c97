import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import YAML from 'yaml';
import { ARCHIVE_SEGREGATION_CODE } from '../../src/ec/demoNotices';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { MAIN, ROOT, tempDir } from '../helpers/server';
import { admin, DETAILS, PSP, PSP_V2, type NodeForPsp, type SoapResult } from '../helpers/soap';

export const EC = '66666666666';
export const EC2 = '88888888888';
export const IBAN = 'IT45R0760103200000000001016';
export const IBAN2 = 'IT57N0760114800000011050036';
export const GPD_PAYMENTS_SPEC = 'pagopa-api/openapi/gpd_payments.json';

let counter = 0;
/** The segregation code of EC 66666666666's archive station 66666666666_02. */
export const ARCHIVE = ARCHIVE_SEGREGATION_CODE;

/**
 * A fresh notice number of EC 66666666666 on segregation code `seg` (03: remote V2 station on the mock
 * EC, 04: remote V1, ARCHIVE: the archive station): base13 starts with 9, unlike the demo notices (000000000000N).
 */
export function freshNav(seg: '03' | '04' | typeof ARCHIVE = '03'): string {
  counter = (counter + 1) % 1000;
  return buildNoticeNumber(3, seg, `9${String(Date.now() % 1e9).padStart(9, '0')}${String(counter).padStart(3, '0')}`);
}

export interface TransferSpec {
  cents: number;
  ec?: string;
  iban?: string;
  stamp?: boolean;
}

/** Publishes a one-option position for `nav` through the GPD API (the archive the mock EC and the archive station answer from). */
export async function publishNotice(baseUrl: string, nav: string, transfers: TransferSpec[] = [{ cents: 3000 }], extra: { payStandIn?: boolean } = {}): Promise<void> {
  const amount = transfers.reduce((s, t) => s + t.cents, 0);
  const body = {
    iupd: `IUPD-RCPT-${nav}`,
    type: 'F',
    fiscalCode: 'RSSMRA80A01H501U',
    fullName: 'Mario Rossi',
    email: 'mario.rossi@example.com',
    companyName: 'Comune di Test',
    officeName: 'Ufficio Tributi',
    switchToExpired: false,
    ...(extra.payStandIn !== undefined ? { payStandIn: extra.payStandIn } : {}),
    paymentOption: [
      {
        nav,
        iuv: nav.slice(1),
        amount,
        description: `Avviso ${nav}`,
        isPartialPayment: false,
        dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        transfer: transfers.map((t, i) => ({
          idTransfer: String(i + 1),
          amount: t.cents,
          remittanceInformation: `quota ${i + 1}`,
          category: '9/0101101IM/',
          ...(t.ec ? { organizationFiscalCode: t.ec } : {}),
          ...(t.stamp ? { stamp: { hashDocument: 'a'.repeat(44), stampType: '01', provincialResidence: 'RM' } } : { iban: t.iban ?? IBAN }),
          transferMetadata: [{ key: 'quota', value: String(i + 1) }],
        })),
      },
    ],
  };
  const res = await fetch(`${baseUrl}/gpd/debt-positions-service/v1/organizations/${EC}/debtpositions?toPublish=true`, {
    method: 'POST',
    headers: { 'Ocp-Apim-Subscription-Key': 'demo-ec-66666666666', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`publish ${nav}: HTTP ${res.status} ${await res.text()}`);
}

export const euros = (cents: number) => (cents / 100).toFixed(2);
export const PAYMENT_NOTE = 'idCart-7 nota del PSP';

/** activate(V2) then outcome OK; returns the token and the outcome's answer. V2 uses the V2 channel and sends a paymentNote. */
export async function pay(nodo: NodeForPsp, nav: string, cents: number, v2: boolean, opts: { expirationTime?: number; beforeOutcome?: () => Promise<void> } = {}) {
  const creds = v2 ? PSP_V2 : PSP;
  const req = {
    ...creds,
    qrCode: { fiscalCode: EC, noticeNumber: nav },
    ...(opts.expirationTime ? { expirationTime: opts.expirationTime } : {}),
    amount: euros(cents),
    ...(v2 ? { paymentNote: PAYMENT_NOTE } : {}),
  };
  const a = await nodo.call(v2 ? 'activatePaymentNoticeV2' : 'activatePaymentNotice', req);
  if (a.result.outcome !== 'OK') throw new Error(`activate ${nav}: ${JSON.stringify(a.result.fault)}`);
  const token = a.result.paymentToken as string;
  await opts.beforeOutcome?.();
  const o = v2 ? await nodo.outcomeV2([token], 'OK') : await nodo.outcome(token, 'OK');
  return { token, outcome: o.result as SoapResult };
}

export interface ReceiptView {
  id: number;
  token: string;
  noticeNumber: string;
  recipientFiscalCode: string;
  stationCode: string;
  brokerCode: string;
  backend: string;
  primitive: string;
  isPrimary: boolean;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  notifiedAt: string | null;
  attemptList?: { attempt: number; result: string; faultCode: string | null; detail: string | null; httpStatus: number | null }[];
}

export async function receiptsOf(baseUrl: string, nav: string): Promise<ReceiptView[]> {
  const r = await admin<{ items: ReceiptView[] }>(baseUrl, `/admin/receipts?noticeNumber=${nav}`);
  if (r.status !== 200) throw new Error(`GET /admin/receipts: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.items.sort((a, b) => a.id - b.id);
}

export async function receipt(baseUrl: string, id: number): Promise<ReceiptView> {
  return (await admin<ReceiptView>(baseUrl, `/admin/receipts/${id}`)).body;
}

export async function tokenOf(baseUrl: string, token: string) {
  return (await admin<{ status: string; events: { event: string; toStatus: string; noticeTo: string }[] }>(baseUrl, `/admin/tokens/${token}`)).body;
}

/** Polls until `check` returns a value (not undefined); fails with the last value seen. No timing is asserted. */
export async function waitFor<T>(what: string, probe: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (check(last)) return last;
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, isArray: (name) => ['transfer', 'mapEntry'].includes(name) });

/** The Body child of a paForNode envelope, prefix-free: `{ element, body }`. */
export function paForNode(xml: string): { element: string; body: Record<string, any> } {
  const b = parser.parse(xml).Envelope.Body as Record<string, any>;
  const element = Object.keys(b)[0]!;
  return { element, body: b[element] };
}

export const PAYER = DETAILS.payer;

/**
 * A registry file derived from the demo one, for the cases the demo cannot show; `edit` changes the
 * parsed document. Written as JSON into a temp dir; returns its path.
 */
export function writeRegistry(edit: (doc: any) => void): string {
  const doc = YAML.parse(fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8'));
  edit(doc);
  const file = path.join(tempDir('nodo-receipts-'), 'registry.json');
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

/**
 * The emulator with its periodic jobs on (startServer always passes --no-jobs): for the receipt poll,
 * which retries without anyone running the job.
 */
export async function startServerWithJobs(db: string, args: string[] = []): Promise<{ baseUrl: string; wsdlUrl: string; stop(): Promise<number | null> }> {
  const proc = spawn(process.execPath, [MAIN, 'start', '--port', '0', '--db', db, '--log-level', 'warn', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s\n${out}\n${err}`)), 20_000);
    proc.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening\n${out}\n${err}`));
    });
  });
  return {
    baseUrl,
    wsdlUrl: `${baseUrl}/node-for-psp/v1?wsdl`,
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}
