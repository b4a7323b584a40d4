// Shared pieces of the backup engine tests: a tree of real files to back up, a snapshot of a tree to
// compare byte for byte, and the real job process (as the daemon starts it) with an optional failpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackupJobRequest, JobMessage } from '../../src/capabilities/backup/index.js';
import { fsPath, nameFromBytes } from '../../src/capabilities/backup/archive/byte-names.js';
import { jobCommand } from '../../src/drivers/backup-job/job-process.js';

export const PASSPHRASE = 'test passphrase: horse battery staple';

/** Text that compresses, random bytes that do not, a nested folder, an empty one and a symlink. */
export async function makeTree(root: string): Promise<void> {
  await mkdir(path.join(root, 'docs', 'letters'), { recursive: true });
  await mkdir(path.join(root, 'empty'), { recursive: true });
  await mkdir(path.join(root, 'photos'), { recursive: true });
  await writeFile(path.join(root, 'docs', 'todo.txt'), 'milk\neggs\n'.repeat(500));
  await writeFile(path.join(root, 'docs', 'letters', 'anna.txt'), 'Dear Anna,\nthank you.\n');
  await writeFile(path.join(root, 'docs', 'Übersicht – März.txt'), 'Umlaute und lange Namen\n');
  await writeFile(path.join(root, 'photos', 'holiday.jpg'), randomBytes(3 * 1024 * 1024));
  await writeFile(path.join(root, 'photos', 'tiny.bin'), randomBytes(100));
  await writeFile(path.join(root, 'zero-length'), '');
  await symlink('docs/todo.txt', path.join(root, 'todo-link'));
  // Names from an old Windows disk, in Latin-1 rather than UTF-8: a folder, a file in it and a link to it.
  const latin1 = (name: string) => Buffer.concat([Buffer.from(`${root}/`), Buffer.from(name, 'latin1')]);
  await mkdir(latin1('Fotos März 1998'));
  await writeFile(latin1('Fotos März 1998/Café am Hafen.jpg'), randomBytes(2000));
  await symlink(Buffer.from('Fotos März 1998/Café am Hafen.jpg', 'latin1'), latin1('Lieblingsfoto'));
}

export interface TreeEntry {
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  sha256?: string;
  link?: string;
}

/** Every entry below `root` by relative path: type, permissions, content hash or link target. */
export async function snapshotTree(root: string): Promise<Map<string, TreeEntry>> {
  const result = new Map<string, TreeEntry>();
  // Names as the engine keeps them (archive/byte-names.ts), so that ones that are not UTF-8 compare too.
  const walk = async (dir: string) => {
    for (const name of (await readdir(fsPath(dir), { encoding: 'buffer' })).map(nameFromBytes).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      const stats = await lstat(fsPath(full));
      if (stats.isSymbolicLink())
        result.set(rel, {
          type: 'symlink',
          mode: 0,
          link: nameFromBytes(await readlink(fsPath(full), { encoding: 'buffer' })),
        });
      else if (stats.isDirectory()) {
        result.set(rel, { type: 'dir', mode: stats.mode & 0o7777 });
        await walk(full);
      } else
        result.set(rel, {
          type: 'file',
          mode: stats.mode & 0o7777,
          sha256: createHash('sha256')
            .update(await readFile(fsPath(full)))
            .digest('hex'),
        });
    }
  };
  await walk(root);
  return result;
}

export interface JobOutcome {
  exitCode: number | null;
  messages: JobMessage[];
  result: any;
  error: Extract<JobMessage, { type: 'error' }> | undefined;
}

/** Runs the real job process to its end. */
export async function runJob(
  request: BackupJobRequest,
  env: Record<string, string> = {},
): Promise<JobOutcome> {
  const child = startJob(request, env);
  return child.outcome;
}

export interface StartedJob {
  child: ChildProcess;
  outcome: Promise<JobOutcome>;
  /** Resolves once the process has stopped itself at its failpoint (state T in /proc). */
  stoppedAtFailpoint(): Promise<void>;
}

export function startJob(request: BackupJobRequest, env: Record<string, string> = {}): StartedJob {
  const [program, ...args] = jobCommand();
  const child = spawn(program as string, args, {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin?.end(JSON.stringify(request));
  const outcome = new Promise<JobOutcome>((resolve) =>
    child.on('close', (exitCode) => {
      const messages = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as JobMessage);
      const last = messages.at(-1);
      if (exitCode !== 0 && last?.type !== 'error' && stderr) process.stderr.write(stderr);
      resolve({
        exitCode,
        messages,
        result: last?.type === 'result' ? last.result : undefined,
        error: last?.type === 'error' ? last : undefined,
      });
    }),
  );
  const stoppedAtFailpoint = async () => {
    for (;;) {
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => '');
      if (!stat) throw new Error(`the job exited before its failpoint:\n${stderr}`);
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, outcome, stoppedAtFailpoint };
}
