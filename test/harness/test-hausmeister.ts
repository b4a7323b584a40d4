// Boots a real hausmeisterd process on a temp data folder and a free port, for integration and browser tests.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TestHausmeister {
  url: string;
  port: number;
  dataDir: string;
  /** The daemon's stdout+stderr so far (JSON log lines). */
  output(): string;
  /** Creates the owner (first run) and returns an API client logged in as them. */
  setupOwner(username?: string, password?: string): Promise<ApiSession>;
  /** SIGTERM and wait for exit; then start again on the same data folder and port. */
  restart(): Promise<void>;
  /** SIGKILL, as a power cut or the OOM killer would: the daemon gets no chance to clean up. */
  crash(): Promise<void>;
  /** SIGTERM, wait, delete the temp folder. */
  close(): Promise<void>;
  pid(): number;
}

export interface ApiSession {
  cookie: string;
  csrfToken: string;
  request(method: string, route: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function createTestHausmeister(
  options: { env?: Record<string, string> } = {},
): Promise<TestHausmeister> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hausmeister-test-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    output += '';
    child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/daemon/main.ts')], {
      cwd: projectRoot,
      env: {
        ...process.env,
        HAUSMEISTER_DATA_DIR: dataDir,
        HAUSMEISTER_PORT: String(port),
        HAUSMEISTER_HOST: '127.0.0.1',
        HAUSMEISTER_FIREWALL: 'off',
        HAUSMEISTER_LOG_LEVEL: 'info',
        // The host's own disks must not decide a test: every daemon finds the fake smartctl first and
        // healthy disks, unless a test asks for other answers.
        PATH: `${path.join(projectRoot, 'test/fakes/fake-smartctl')}:${process.env.PATH ?? ''}`,
        FAKE_SMARTCTL_ANSWERS: path.join(projectRoot, 'test/fixtures/smartctl/healthy'),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      child?.once('exit', (code) =>
        reject(new Error(`daemon exited with ${code} before it was ready:\n${output}`)),
      ),
    );
    await Promise.race([waitForHttp(`${url}/api/v1/session`), exited]);
  };

  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    url,
    port,
    dataDir,
    output: () => output,
    pid: () => child?.pid ?? -1,
    async setupOwner(username = 'owner', password = 'correct horse battery') {
      const response = await fetch(`${url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (!response.ok) throw new Error(`setup failed: ${response.status} ${await response.text()}`);
      return sessionFrom(url, response);
    },
    async restart() {
      await stop();
      await start();
    },
    async crash() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    async close() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function login(url: string, username: string, password: string): Promise<ApiSession> {
  const response = await fetch(`${url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return sessionFrom(url, response);
}

async function sessionFrom(url: string, response: Response): Promise<ApiSession> {
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    async request(method, route, body) {
      const result = await fetch(`${url}${route}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await result.text();
      return { status: result.status, body: text ? JSON.parse(text) : null };
    },
  };
}

/** Polls until the URL answers; the daemon is ready when its API is. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls `check` until it returns a truthy value (no fixed sleeps in tests). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const cliEntry = path.join(projectRoot, 'src/cli/run.ts');

/** Runs the `hausmeister` command line against the daemon; a failing command gives its exit code. */
export async function runCli(
  hm: TestHausmeister,
  ...args: string[]
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cliEntry, ...args, '--url', hm.url, '--data-dir', hm.dataDir],
      (error, stdout) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: String(stdout) }),
    );
  });
}
