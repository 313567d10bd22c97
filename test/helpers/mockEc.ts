import { spawn } from 'node:child_process';
import { MAIN, ROOT } from './server';

/**
 * The built-in mock EC (src/mockEc), driven over its REST control API. Served on `/mock-ec/v1` by every
 * emulator process and by the standalone `main.js mock-ec` process; `baseUrl` is the server root
 * (`http://host:port`) or the mock's own URL (`…/mock-ec/v1`), either works.
 */
export type EcPrimitive = 'paDemandPaymentNotice' | 'paVerifyPaymentNotice' | 'paGetPayment' | 'paGetPaymentV2' | 'paSendRT' | 'paSendRTV2';

export type Override = { noticeNumber?: string; times?: number } & (
  | { action: 'fault'; faultCode: string; faultString?: string; description?: string; id?: string }
  | { action: 'invalid' }
  | { action: 'delay'; delayMs: number }
  | { action: 'timeout' }
  | { action: 'drop' }
  | { action: 'http'; httpStatus: number; body?: string }
  | { action: 'raw'; body: string }
);

export interface HistoryEntry {
  at: string;
  primitive: EcPrimitive;
  noticeNumber: string;
  idPA: string | null;
  idBrokerPA: string | null;
  idStation: string | null;
  /** the raw request XML as received */
  request: string;
  /** the raw response XML, null when none was sent (timeout, drop) */
  response: string | null;
  httpStatus: number | null;
  override: Override['action'] | null;
}

/** An override as GET /mock-ec/v1/response lists it. */
export interface QueuedOverride {
  id: number;
  primitive: EcPrimitive;
  noticeNumber: string | null;
  action: Override['action'];
  usesLeft: number | null;
  override: Override & { times: number };
}

export interface MockEcClient {
  /** the mock's SOAP URL, `…/mock-ec/v1` */
  url: string;
  queue(primitive: EcPrimitive, override: Override): Promise<{ queued: number }>;
  /** what is queued, oldest first: all, or one primitive's; `noticeNumber` keeps that notice's own */
  queued(primitive?: EcPrimitive, noticeNumber?: string): Promise<QueuedOverride[]>;
  /** removes one override by id */
  remove(primitive: EcPrimitive, id: number): Promise<void>;
  /** removes a notice's own overrides (of one primitive, or of all) */
  removeNotice(noticeNumber: string, primitive?: EcPrimitive): Promise<void>;
  clear(): Promise<void>;
  clearHistory(): Promise<void>;
  history(noticeNumber: string, primitive: EcPrimitive): Promise<HistoryEntry[]>;
}

function mockUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/mock-ec/v1') ? trimmed : `${trimmed}/mock-ec/v1`;
}

async function expectStatus(res: Response, status: number, what: string): Promise<string> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`mock EC ${what}: HTTP ${res.status} (expected ${status}) ${text}`);
  return text;
}

export function mockEc(baseUrl: string): MockEcClient {
  const url = mockUrl(baseUrl);
  return {
    url,
    async queue(primitive, override) {
      const res = await fetch(`${url}/response/${primitive}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(override) });
      return JSON.parse(await expectStatus(res, 201, `queue ${primitive}`));
    },
    async clear() {
      await expectStatus(await fetch(`${url}/response`, { method: 'DELETE' }), 204, 'clear overrides');
    },
    async queued(primitive, noticeNumber) {
      const res = await fetch(`${url}/response${primitive ? `/${primitive}` : ''}${noticeNumber ? `?noticeNumber=${noticeNumber}` : ''}`);
      return JSON.parse(await expectStatus(res, 200, 'list overrides'));
    },
    async remove(primitive, id) {
      await expectStatus(await fetch(`${url}/response/${primitive}/${id}`, { method: 'DELETE' }), 204, `remove override ${id}`);
    },
    async removeNotice(noticeNumber, primitive) {
      const res = await fetch(`${url}/response${primitive ? `/${primitive}` : ''}?noticeNumber=${noticeNumber}`, { method: 'DELETE' });
      await expectStatus(res, 204, `remove the overrides of ${noticeNumber}`);
    },
    async clearHistory() {
      await expectStatus(await fetch(`${url}/history`, { method: 'DELETE' }), 204, 'clear history');
    },
    async history(noticeNumber, primitive) {
      const res = await fetch(`${url}/history/${noticeNumber}/${primitive}`);
      return JSON.parse(await expectStatus(res, 200, `history ${noticeNumber}/${primitive}`));
    },
  };
}

export interface RunningMockEc extends MockEcClient {
  /** `http://host:port` */
  baseUrl: string;
  stdout(): string;
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the standalone mock EC (`main.js mock-ec --port 0 --db <url>`) and waits for its banner. */
export async function startMockEc(opts: { db: string; args?: string[]; env?: NodeJS.ProcessEnv }): Promise<RunningMockEc> {
  const proc = spawn(process.execPath, [MAIN, 'mock-ec', '--port', '0', '--db', opts.db, '--log-level', 'warn', ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock EC did not start in 20 s\n${out}\n${err}`)), 20_000);
    const check = () => {
      const m = /mock EC listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock EC exited with ${code} before listening\n${out}\n${err}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    ...mockEc(url),
    baseUrl: url.replace(/\/mock-ec\/v1$/, ''),
    stdout: () => out,
    stderr: () => err,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}
