// Daemon benchmark: idle memory, start-up to first page, and GET /api/v1/services latency under load,
// side by side with the bare stack (Fastify + better-sqlite3 serving the same JSON) as the floor.
// Usage: npm run bench  (after npm run build). Writes bench/daemon/results.json and prints a table.
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from '../../test/harness/test-hausmeister.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 10;
const STARTS = 5;
// Both run as plain JavaScript with the same V8 flags as `npm start`, so the difference is the daemon's own cost.
const NODE_FLAGS = ['--max-semi-space-size=2', '--v8-pool-size=1'];

interface Subject {
  name: string;
  start(port: number, dataDir: string): ChildProcess;
  /** Returns headers to authenticate the load requests. */
  prepare(url: string): Promise<Record<string, string>>;
  pageUrl: string;
  apiUrl: string;
}

const hausmeister: Subject = {
  name: 'Hausmeister',
  start: (port, dataDir) =>
    spawn(process.execPath, [...NODE_FLAGS, path.join(root, 'dist/daemon/hausmeisterd.mjs')], {
      env: {
        ...process.env,
        HAUSMEISTER_PORT: String(port),
        HAUSMEISTER_DATA_DIR: dataDir,
        HAUSMEISTER_LOG_LEVEL: 'warn',
        HAUSMEISTER_FIREWALL: 'off',
      },
      stdio: 'ignore',
    }),
  async prepare(url) {
    const setup = await fetch(`${url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'owner', password: 'benchmark password' }),
    });
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return { cookie };
  },
  pageUrl: '/',
  apiUrl: '/api/v1/services',
};

const baselineFile = path.join(root, 'dist/bench/baseline-server.mjs');
await build({
  entryPoints: [path.join(root, 'bench/daemon/baseline-server.ts')],
  outfile: baselineFile,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});

const baseline: Subject = {
  name: 'bare Fastify + SQLite',
  start: (port, dataDir) =>
    spawn(process.execPath, [...NODE_FLAGS, baselineFile], {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
      stdio: 'ignore',
    }),
  prepare: async () => ({}),
  pageUrl: '/',
  apiUrl: '/api/v1/services',
};

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measure(subject: Subject) {
  const startTimes: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hm-bench-'));
    const port = await freePort();
    const began = performance.now();
    const child = subject.start(port, dataDir);
    await waitForHttp(`http://127.0.0.1:${port}${subject.pageUrl}`, 30_000);
    startTimes.push(performance.now() - began);
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  }

  const dataDir = await mkdtemp(path.join(tmpdir(), 'hm-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = subject.start(port, dataDir);
  await waitForHttp(`${url}${subject.pageUrl}`, 30_000);
  // Idle: started, catalog loaded, nobody logged in yet; start-up garbage given time to settle.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idleRss = await rssMb(child.pid ?? 0);
  const headers = await subject.prepare(url);
  const load = await autocannon({
    url: `${url}${subject.apiUrl}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers,
  });
  const loadedRss = await rssMb(child.pid ?? 0);
  await stop(child);
  await rm(dataDir, { recursive: true, force: true });
  if (load.non2xx > 0) throw new Error(`${subject.name}: ${load.non2xx} non-2xx answers under load`);
  return {
    subject: subject.name,
    startToFirstPageMs: Math.round(median(startTimes)),
    idleRssMb: idleRss,
    rssUnderLoadMb: loadedRss,
    requestsPerSecond: Math.round(load.requests.average),
    latencyP50Ms: load.latency.p50,
    latencyP99Ms: load.latency.p99,
    requests: load.requests.total,
  };
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  durationS: DURATION_S,
  connections: CONNECTIONS,
  subjects: [await measure(hausmeister), await measure(baseline)],
};
await writeFile(path.join(root, 'bench/daemon/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.table(results.subjects);
