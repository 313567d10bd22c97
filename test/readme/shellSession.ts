import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Runs shell blocks one after the other as if typed into one terminal: each block is its own
 * `bash` process (so one failure is one failed block), started with `set -euo pipefail` and the
 * variables and functions the earlier blocks left, saved when each block ends (even on failure).
 * Every block runs in the same working directory (files one block writes, the next reads).
 *
 * `curl` is wrapped to report what it got: the HTTP status of every call (on stderr, a marker line)
 * and every body (appended to a log), so that a block whose call answered 4xx/5xx or a SOAP KO fails
 * even though `curl -s` itself exits 0. A block that sets its own `-w` keeps it (its status is then
 * not seen).
 */

export interface HttpCall {
  status: number;
  method: string;
  url: string;
}

export interface BlockRun {
  code: number | null;
  stdout: string;
  /** stderr without the wrapper's marker lines */
  stderr: string;
  http: HttpCall[];
  /** the bodies contained `<outcome>KO</outcome>` */
  soapKo: boolean;
}

const HTTP_MARK = '@@readme-test-http';

/** The wrapper: $1 the block file, $2 the state file, $3 the bodies log. */
const WRAPPER = String.raw`
set -euo pipefail
__rt_block=$1 __rt_state=$2 __rt_bodies=$3
__rt_baseline=$(compgen -v | sort)
__rt_save() {
  set +e
  {
    for __rt_v in $(comm -13 <(printf '%s\n' "$__rt_baseline") <(compgen -v | sort)); do
      case $__rt_v in __rt_*|BASH*|PIPESTATUS|FUNCNAME|GROUPS|LINENO|RANDOM|SRANDOM|SECONDS|EPOCH*|OLDPWD|COLUMNS|LINES|_) continue ;; esac
      declare -p "$__rt_v" 2>/dev/null
    done
    for __rt_f in $(compgen -A function); do
      case $__rt_f in __rt_*|curl) continue ;; esac
      declare -f "$__rt_f"
    done
  } > "$__rt_state.next"
  mv "$__rt_state.next" "$__rt_state"
}
[ -f "$__rt_state" ] && source "$__rt_state"
trap '__rt_rc=$?; __rt_save; exit $__rt_rc' EXIT
curl() { command curl -q -w '%{stderr}${HTTP_MARK} %{http_code} %{method} %{url_effective}\n' "$@" | tee -a "$__rt_bodies"; }
source "$__rt_block"
`;

export class ShellSession {
  private readonly dir: string;
  private n = 0;

  /**
   * `workDir`: where the blocks run; `env`: their environment (PATH, …); `variables`: shell variables
   * the first block starts with, exported (they are carried like the blocks' own, so a block may change them).
   */
  constructor(
    readonly workDir: string,
    private readonly env: NodeJS.ProcessEnv,
    variables: Record<string, string> = {},
  ) {
    this.dir = path.join(workDir, '.readme-test');
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'wrapper.sh'), WRAPPER);
    const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
    fs.writeFileSync(
      path.join(this.dir, 'state.sh'),
      Object.entries(variables)
        .map(([k, v]) => `declare -x ${k}=${quote(v)}\n`)
        .join(''),
    );
  }

  run(code: string, timeoutMs = 60_000): Promise<BlockRun> {
    const n = ++this.n;
    const block = path.join(this.dir, `block-${n}.sh`);
    const bodies = path.join(this.dir, `bodies-${n}.log`);
    fs.writeFileSync(block, `${code}\n`);
    fs.writeFileSync(bodies, '');
    return new Promise((resolve) => {
      const proc = spawn('bash', [path.join(this.dir, 'wrapper.sh'), block, path.join(this.dir, 'state.sh'), bodies], {
        cwd: this.workDir,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (d) => (stdout += d));
      proc.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      proc.on('close', (exit) => {
        clearTimeout(timer);
        const http: HttpCall[] = [];
        const rest: string[] = [];
        for (const line of stderr.split('\n')) {
          const i = line.indexOf(HTTP_MARK);
          if (i < 0) {
            rest.push(line);
            continue;
          }
          // curl may have written text of its own just before the marker, on the same line
          if (i > 0) rest.push(line.slice(0, i));
          const [status, method, url] = line
            .slice(i + HTTP_MARK.length)
            .trim()
            .split(' ');
          http.push({ status: Number(status), method: method!, url: url! });
        }
        const soapKo = fs.readFileSync(bodies, 'utf8').includes('<outcome>KO</outcome>');
        resolve({ code: exit, stdout, stderr: rest.join('\n').trim(), http, soapKo });
      });
    });
  }
}
