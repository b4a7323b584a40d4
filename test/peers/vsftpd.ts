// A real FTP server for tests: vsftpd in the foreground on 127.0.0.1, its own user and config, FTPS optional.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FtpTargetConfig } from '../../src/capabilities/backup/backup-target.js';
import { createCommandRunner } from '../../src/drivers/command-runner/command-runner.js';
import { probeTcp } from '../../src/drivers/supervisor/readiness.js';
import { freePort } from '../harness/test-hausmeister.js';

const VSFTPD = '/usr/sbin/vsftpd';
const READY_TIMEOUT_MS = 10_000;
const PASV_PORTS = 8;

export interface VsftpdServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The user's home on this machine: `/` of the FTP session (chrooted). */
  home: string;
  /** PEM of the self-signed certificate when started with TLS. */
  certificate: string | null;
  /** A target config for a folder on this server (explicit FTPS when the server has TLS). */
  config(folder: string): FtpTargetConfig;
  /** Kills the processes serving the open FTP sessions; the server itself keeps listening. */
  killSessions(): Promise<void>;
  stop(): Promise<void>;
}

/** A reason to skip, or false when vsftpd can run here. */
export function vsftpdSkip(): string | false {
  if (process.getuid?.() !== 0) return 'needs root to run vsftpd and create its user';
  if (!existsSync(VSFTPD)) return 'vsftpd is not installed';
  return false;
}

export async function startVsftpd(options: { tls?: boolean } = {}): Promise<VsftpdServer> {
  const runner = createCommandRunner({ defaultTimeoutMs: 30_000 });
  const dir = await mkdtemp(path.join(tmpdir(), 'hm-vsftpd-'));
  // The user's session must reach its home below this folder.
  await chmod(dir, 0o755);
  const home = path.join(dir, 'home');
  const user = `hmftp${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let child: ChildProcess | null = null;
  let userCreated = false;

  const stop = async () => {
    if (child?.pid) await killTree(child.pid);
    child = null;
    if (userCreated) await runner.runChecked(['userdel', user]);
    userCreated = false;
    await rm(dir, { recursive: true, force: true });
  };

  try {
    // pam_shells refuses users whose shell is not in /etc/shells.
    await runner.runChecked(['useradd', '--create-home', '--home-dir', home, '--shell', '/bin/bash', user]);
    userCreated = true;
    await runner.runChecked(['chpasswd'], { input: `${user}:${password}\n` });

    let certificate: string | null = null;
    if (options.tls) {
      await runner.runChecked([
        'openssl',
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ]);
      certificate = await readFile(path.join(dir, 'cert.pem'), 'utf8');
    }

    const port = await freePort();
    const pasv = await freePortRange(PASV_PORTS);
    const config = renderConfig({
      port,
      pasvMin: pasv,
      pasvMax: pasv + PASV_PORTS - 1,
      dir,
      tls: options.tls ?? false,
    });
    await writeFile(path.join(dir, 'vsftpd.conf'), config, { mode: 0o600 });
    await mkdir('/var/run/vsftpd/empty', { recursive: true });

    const started = spawn(VSFTPD, [path.join(dir, 'vsftpd.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    await waitForPort(started, port);

    return {
      host: '127.0.0.1',
      port,
      user,
      password,
      home,
      certificate,
      config: (folder) => ({
        kind: 'ftp',
        host: '127.0.0.1',
        port,
        user,
        password,
        tls: certificate ? 'explicit' : 'none',
        folder,
        ...(certificate ? { caCertificate: certificate } : {}),
      }),
      async killSessions() {
        for (const pid of await descendantsOf(started.pid ?? 0)) kill(pid);
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

function renderConfig(o: {
  port: number;
  pasvMin: number;
  pasvMax: number;
  dir: string;
  tls: boolean;
}): string {
  const lines = [
    'listen=YES',
    'listen_ipv6=NO',
    'listen_address=127.0.0.1',
    `listen_port=${o.port}`,
    'background=NO',
    'anonymous_enable=NO',
    'local_enable=YES',
    'write_enable=YES',
    'local_umask=077',
    'chroot_local_user=YES',
    'allow_writeable_chroot=YES',
    'pasv_enable=YES',
    `pasv_min_port=${o.pasvMin}`,
    `pasv_max_port=${o.pasvMax}`,
    'pasv_address=127.0.0.1',
    'pam_service_name=vsftpd',
    'secure_chroot_dir=/var/run/vsftpd/empty',
    // A wrong password is tested; vsftpd would otherwise wait a second after it.
    'delay_failed_login=0',
    `vsftpd_log_file=${path.join(o.dir, 'vsftpd.log')}`,
    `xferlog_file=${path.join(o.dir, 'xferlog')}`,
    'xferlog_enable=YES',
    'seccomp_sandbox=NO',
  ];
  if (o.tls) {
    lines.push(
      'ssl_enable=YES',
      `rsa_cert_file=${path.join(o.dir, 'cert.pem')}`,
      `rsa_private_key_file=${path.join(o.dir, 'key.pem')}`,
      'force_local_logins_ssl=YES',
      'force_local_data_ssl=YES',
      'ssl_ciphers=HIGH',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Polls the port until vsftpd accepts connections; fails at once if it exits (e.g. a config error). */
async function waitForPort(child: ChildProcess, port: number): Promise<void> {
  let stderr = '';
  let exited: number | null | undefined;
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`vsftpd exited with ${exited}: ${stderr}`);
    if (await probeTcp('127.0.0.1', port, 500)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`vsftpd did not listen on ${port} within ${READY_TIMEOUT_MS} ms: ${stderr}`);
}

/** `count` consecutive ports that can be bound now, for the passive data connections. */
async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = Array.from({ length: count }, (_, i) => first + i);
    if ((await Promise.all(ports.map(canBind))).every(Boolean)) return first;
  }
  throw new Error('no free port range for vsftpd passive mode');
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** vsftpd forks a process per session (and one more after login): all are below the listener. */
async function descendantsOf(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      /* the process ended meanwhile */
    }
  }
  const found: number[] = [];
  const visit = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      found.push(c);
      visit(c);
    }
  };
  visit(pid);
  return found;
}

async function killTree(pid: number): Promise<void> {
  const all = [pid, ...(await descendantsOf(pid))];
  for (const p of all) kill(p);
  // userdel refuses while a process of the user still runs.
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const alive = await Promise.all(all.map(isAlive));
    if (!alive.some(Boolean)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** A zombie counts as gone: without an init that reaps, an orphaned session may stay one. */
async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
