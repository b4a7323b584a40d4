// The one place that runs host programs: argv arrays only (never a shell), with a timeout.
import { spawn } from 'node:child_process';
import { HausmeisterError } from '../../errors.js';

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Called with each chunk of stdout, for progress parsing. */
  onStdout?: (chunk: string) => void;
  /** Aborting sends SIGTERM (SIGKILL 10 s later), e.g. to cancel a long job. */
  signal?: AbortSignal;
}

export interface CommandRunner {
  /** Runs argv and returns its result, whatever the exit code. Throws only if it cannot be spawned. */
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** Runs argv and throws COMMAND_FAILED unless it exits with 0. */
  runChecked(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

export interface CommandRunnerOptions {
  /** Prepended to every argv, e.g. `['ip', 'netns', 'exec', 'fw']` to run inside a network namespace. */
  prefix?: readonly string[];
  defaultTimeoutMs?: number;
  /** Receives one line per command for the log: argv and exit code, never input or output. */
  log?: (entry: { argv: readonly string[]; exitCode: number | null; durationMs: number }) => void;
}

const MAX_CAPTURE = 1024 * 1024;

export function createCommandRunner(options: CommandRunnerOptions = {}): CommandRunner {
  const prefix = options.prefix ?? [];
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;

  const run = (argv: readonly string[], runOptions: RunOptions = {}): Promise<CommandResult> => {
    const full = [...prefix, ...argv];
    const [program, ...args] = full;
    if (!program) throw new Error('empty argv');
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, {
        cwd: runOptions.cwd,
        env: { ...process.env, LC_ALL: 'C', ...runOptions.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, runOptions.timeoutMs ?? defaultTimeoutMs);
      const onAbort = () => {
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      };
      if (runOptions.signal?.aborted) onAbort();
      runOptions.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (stdout.length < MAX_CAPTURE) stdout += chunk;
        runOptions.onStdout?.(chunk);
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < MAX_CAPTURE) stderr += chunk;
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(
          new HausmeisterError('COMMAND_FAILED', {
            messageKey: 'error.commandMissing',
            params: { program },
            detail: `cannot run ${program}: ${error.message}`,
            cause: error,
          }),
        );
      });
      child.on('close', (exitCode, signal) => {
        clearTimeout(timer);
        runOptions.signal?.removeEventListener('abort', onAbort);
        options.log?.({ argv: full, exitCode, durationMs: Date.now() - started });
        resolve({ exitCode, signal, stdout, stderr, timedOut });
      });
      child.stdin.on('error', () => {
        /* the program may exit before reading its input */
      });
      child.stdin.end(runOptions.input ?? '');
    });
  };

  return {
    run,
    async runChecked(argv, runOptions) {
      const result = await run(argv, runOptions);
      if (result.exitCode !== 0) {
        const output = (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n');
        throw new HausmeisterError('COMMAND_FAILED', {
          messageKey: result.timedOut ? 'error.commandTimeout' : 'error.commandFailed',
          params: { program: argv[0] ?? '', output },
          detail: `${argv.join(' ')} exited with ${result.exitCode ?? result.signal}: ${output}`,
        });
      }
      return result;
    },
  };
}
