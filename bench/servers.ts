/**
 * The processes under test: the emulator (dist/src/main.js) and the node:http hello baseline, each a child
 * process pinned to one core with taskset when it exists. Every child is registered so that a crash or a
 * ^C of the bench never leaves one running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** the emulator under test: this checkout's build, or another build to compare with (--server) */
let MAIN = path.join(ROOT, 'dist/src/main.js');
export function useEmulator(mainJs: string): void {
  if (!fs.existsSync(mainJs)) throw new Error(`--server ${mainJs}: no such file`);
  MAIN = path.resolve(mainJs);
}
export const emulatorPath = () => MAIN;
const HELLO = path.join(__dirname, 'hello.js');

export const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;

/** Pin every thread of this process (the load generator) to `cpus` ("1", "0,1"). */
export function pinSelf(cpus: string): boolean {
  if (!hasTaskset) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' }).status === 0;
}

export interface Server {
  name: string;
  url: string;
  pid: number;
  cpu: string | undefined;
  logFile: string;
  /** True while the child runs; a child that died mid-scenario invalidates the scenario. */
  alive(): boolean;
  exitInfo(): string | undefined;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
function killAll(): void {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

interface SpawnOptions {
  name: string;
  script: string;
  args: string[];
  cpu?: string;
  logDir: string;
  nodeFlags?: string[];
  /** path that answers 200 once the process is ready */
  healthPath: string;
}

async function spawnServer(o: SpawnOptions): Promise<Server> {
  const nodeArgs = [...(o.nodeFlags ?? []), o.script, ...o.args];
  const [cmd, argv] = o.cpu !== undefined && hasTaskset ? ['taskset', ['-c', o.cpu, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const logFile = path.join(o.logDir, `${o.name}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(cmd, argv, { cwd: path.resolve(path.dirname(o.script), '../..'), stdio: ['ignore', 'pipe', log] });
  children.add(child);
  let exit: string | undefined;
  child.on('exit', (code, signal) => {
    exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
    children.delete(child);
  });

  // the banner's first line carries the URL (the port is 0: the OS picks it)
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${o.name}: no banner within 30 s (log: ${logFile})`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      fs.appendFileSync(logFile, chunk);
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${o.name} ${exit} before listening; log ${logFile}:\n${tail(logFile)}`));
    });
  });
  await waitHealthy(url + o.healthPath, 30_000);
  fs.closeSync(log);

  return {
    name: o.name,
    url,
    pid: child.pid!,
    cpu: hasTaskset ? o.cpu : undefined,
    logFile,
    alive: () => child.exitCode === null && child.signalCode === null,
    exitInfo: () => exit,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 8000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        process.kill(child.pid!, 'SIGTERM');
      }),
  };
}

export function startEmulator(name: string, dbUrl: string, cpu: string | undefined, logDir: string, profileDir?: string, extraArgs: string[] = []): Promise<Server> {
  return spawnServer({
    name,
    script: MAIN,
    args: ['start', '--port', '0', '--db', dbUrl, '--log-level', 'warn', '--no-jobs', ...extraArgs],
    cpu,
    logDir,
    nodeFlags: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${name}.cpuprofile`] : [],
    healthPath: '/health',
  });
}

/** The standalone mock EC (`main.js mock-ec`): its URL is the paForNode endpoint, …/mock-ec/v1. */
export function startMockEc(name: string, dbUrl: string, cpu: string | undefined, logDir: string): Promise<Server> {
  return spawnServer({ name, script: MAIN, args: ['mock-ec', '--port', '0', '--db', dbUrl], cpu, logDir, healthPath: '?wsdl' });
}

export function startHello(cpu: string | undefined, logDir: string): Promise<Server> {
  return spawnServer({ name: 'hello', script: HELLO, args: [], cpu, logDir, healthPath: '/' });
}

function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const retry = (why: string) => {
        if (Date.now() > deadline) return reject(new Error(`${url} not healthy within ${timeoutMs} ms (${why})`));
        setTimeout(attempt, 100);
      };
      http
        .get(url, (res) => {
          res.resume();
          if (res.statusCode === 200) resolve();
          else retry(`HTTP ${res.statusCode}`);
        })
        .on('error', (err) => retry(err.message));
    };
    attempt();
  });
}

export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
