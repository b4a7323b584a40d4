// Runs a benchmarked program (argv, never a shell string) and measures the peak RSS of its whole process
// tree by polling /proc every 50 ms, because gpg, borg's and restic's helpers run as children.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProgramInvocation {
  argv: [string, ...string[]];
  cwd?: string;
  /** Added to (and overriding) the benchmark's own environment. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is /dev/null, so nothing can prompt. */
  stdin?: string;
  onStdoutLine?: (line: string) => void;
  /** Exit codes that count as success (default [0]). */
  okExitCodes?: number[];
}

export interface ProgramOutcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  peakRssBytes: number;
}

export class ProgramError extends Error {}

const POLL_MS = 50;
const STDOUT_LIMIT = 8 * 1024 * 1024;
const STDERR_TAIL = 16 * 1024;
const TIMEOUT_MS = 2 * 60 * 60 * 1000;

export class ProgramRunner {
  private stepPeakRss = 0;
  private readonly running = new Set<ChildProcess>();

  /** Starts a new measured step: its peak RSS is the largest of the programs run until the next call. */
  beginStep(): void {
    this.stepPeakRss = 0;
  }

  get peakRssBytes(): number {
    return this.stepPeakRss;
  }

  /** Runs a program to its end; throws ProgramError with the end of its stderr when it fails. */
  async run(invocation: ProgramInvocation): Promise<ProgramOutcome> {
    const [program, ...args] = invocation.argv;
    // A process group of its own, so a timeout or Ctrl-C can end the program and its helpers together.
    const child = spawn(program, args, {
      cwd: invocation.cwd,
      env: { ...process.env, ...invocation.env },
      stdio: [invocation.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.running.add(child);
    let peak = 0;
    const sample = (): void => {
      if (child.pid !== undefined) peak = Math.max(peak, treeRssBytes(child.pid));
    };
    const poll = setInterval(sample, POLL_MS);
    const timeout = setTimeout(() => this.killGroup(child), TIMEOUT_MS);
    let stdout = '';
    let stderr = '';
    let pendingLine = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < STDOUT_LIMIT) stdout += chunk;
      if (invocation.onStdoutLine) {
        const lines = (pendingLine + chunk).split('\n');
        pendingLine = lines.pop() ?? '';
        for (const line of lines) invocation.onStdoutLine(line);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    if (invocation.stdin !== undefined) child.stdin?.end(invocation.stdin);
    sample();
    try {
      const exitCode = await new Promise<number | null>((resolve, reject) => {
        child.once('error', (error: NodeJS.ErrnoException) =>
          reject(
            new ProgramError(
              error.code === 'ENOENT' ? `${program} is not installed` : `${program}: ${error.message}`,
            ),
          ),
        );
        // 'close' rather than 'exit': by then stdout is drained, so the last result line is not lost.
        child.once('close', (code, signal) => resolve(signal ? null : code));
      });
      if (pendingLine && invocation.onStdoutLine) invocation.onStdoutLine(pendingLine);
      this.stepPeakRss = Math.max(this.stepPeakRss, peak);
      if (exitCode === null || !(invocation.okExitCodes ?? [0]).includes(exitCode)) {
        const tail = lastLines(stderr || stdout, 4);
        throw new ProgramError(
          `${program} ${args[0] ?? ''} ${exitCode === null ? 'was killed' : `exited with ${exitCode}`}${tail ? `: ${tail}` : ''}`,
        );
      }
      return { exitCode, stdout, stderr, peakRssBytes: peak };
    } finally {
      clearInterval(poll);
      clearTimeout(timeout);
      this.running.delete(child);
    }
  }

  /** Ends every program still running (Ctrl-C of the benchmark): their process groups, by their ids. */
  killAll(): void {
    for (const child of this.running) this.killGroup(child);
  }

  private killGroup(child: ChildProcess): void {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join(' | ').slice(0, 600);
}

/** Sum of VmRSS over a process and all its descendants; 0 once it is gone. */
export function treeRssBytes(rootPid: number): number {
  let total = 0;
  const pending = [rootPid];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += rssBytes(pid);
    pending.push(...childPids(pid));
  }
  return total;
}

function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Children are listed per thread (the one that forked them), so every thread's list is read. */
function childPids(pid: number): number[] {
  try {
    const children: number[] = [];
    for (const thread of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8').trim();
      if (list) children.push(...list.split(/\s+/).map(Number));
    }
    return children;
  } catch {
    return [];
  }
}
