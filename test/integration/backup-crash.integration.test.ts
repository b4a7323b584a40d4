// A backup interrupted at any point must leave every older backup intact and readable, and the next run
// must succeed: the job killed with SIGKILL at chosen points (failpoints, no timing), the FTP connection
// dropped mid-upload, and a target disk that fills up. A backup interrupted after some volumes is
// completed by the next run; a restore whose connection drops reads again.
import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TargetConfig } from '../../src/capabilities/backup/index.js';
import { createLoopDisk, loopDiskSkip } from '../peers/loop-disk.js';
import { startVsftpd, vsftpdSkip, type VsftpdServer } from '../peers/vsftpd.js';
import {
  makeTree,
  PASSPHRASE,
  runJob,
  snapshotTree,
  startJob,
  type JobOutcome,
  type StartedJob,
  type TreeEntry,
} from './backup-fixtures.js';

async function withVsftpd(test: (server: VsftpdServer) => Promise<void>): Promise<void> {
  const server = await startVsftpd();
  try {
    await test(server);
  } finally {
    await server.stop();
  }
}

/** Kills the job where it froze at its failpoint: a power cut at that moment. */
async function killAtFailpoint(job: StartedJob): Promise<JobOutcome> {
  await job.stoppedAtFailpoint();
  job.child.kill('SIGKILL');
  return job.outcome;
}

/** Cuts the FTP server's connections while the job is frozen at its failpoint, then lets it go on. */
async function dropConnectionsAtFailpoint(job: StartedJob, server: VsftpdServer): Promise<JobOutcome> {
  await job.stoppedAtFailpoint();
  await server.killSessions();
  job.child.kill('SIGCONT');
  return job.outcome;
}

interface Scene {
  source: string;
  targets: TargetConfig[];
  backup(env?: Record<string, string>): ReturnType<typeof startJob>;
  /** Restores `id` and compares it with the tree as it was when it was backed up. */
  expectRestorable(id: string, expected: Map<string, TreeEntry>): Promise<void>;
  complete(): Promise<string[]>;
}

async function scene(work: string, targets: TargetConfig[]): Promise<Scene> {
  const source = path.join(work, 'source');
  await makeTree(source);
  const request = {
    action: 'backup' as const,
    stateDir: path.join(work, 'state'),
    targets,
    passphrase: PASSPHRASE,
    sources: [{ path: source }],
    excludes: [],
    kind: 'auto' as const,
  };
  return {
    source,
    targets,
    backup: (env = {}) => startJob(request, env),
    async expectRestorable(id, expected) {
      const into = await mkdtemp(path.join(work, 'restore-'));
      const restored = await runJob({
        action: 'restore',
        targets,
        passphrase: PASSPHRASE,
        backupId: id,
        paths: [],
        destination: into,
      });
      assert.equal(restored.exitCode, 0, JSON.stringify(restored.error));
      assert.deepEqual(
        await snapshotTree(path.join(into, source)),
        expected,
        `backup ${id} restores as it was`,
      );
      await rm(into, { recursive: true, force: true });
    },
    async complete() {
      const listed = await runJob({ action: 'list', targets, passphrase: PASSPHRASE });
      return (listed.result.backups as { id: string }[]).map((b) => b.id).sort();
    },
  };
}

describe('an interrupted backup harms no older backup', () => {
  let work: string;
  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'hm-crash-'));
  });
  after(async () => rm(work, { recursive: true, force: true }));

  it('kill -9 after the scan, in the middle of a volume, before and after the manifest', async () => {
    const repo = path.join(work, 'repo');
    await mkdir(repo);
    const s = await scene(work, [{ kind: 'local', path: repo }]);
    const first = await s.backup().outcome;
    assert.equal(first.exitCode, 0, JSON.stringify(first.error));
    const states = new Map([[first.result.id as string, await snapshotTree(s.source)]]);

    for (const point of [
      'backup:scanned',
      'backup:mid-volume',
      'backup:before-manifest',
      'backup:after-manifest',
    ]) {
      await appendFile(path.join(s.source, 'docs', 'todo.txt'), `${point}\n`);
      await writeFile(
        path.join(s.source, 'photos', `${point.replace(':', '-')}.bin`),
        randomBytes(512 * 1024),
      );
      const killed = await killAtFailpoint(s.backup({ HAUSMEISTER_TEST_FAILPOINT: point }));
      assert.equal(killed.exitCode, null, `${point}: the job was killed`);

      const listed = await s.complete();
      // Killed after its manifest was written, the backup is complete; at any earlier point it is not there.
      if (point === 'backup:after-manifest') assert.equal(listed.length, states.size + 1, point);
      else assert.deepEqual(listed, [...states.keys()].sort(), `${point}: only the older backups are listed`);
      for (const [id, expected] of states) await s.expectRestorable(id, expected);

      const next = await s.backup().outcome;
      assert.equal(next.exitCode, 0, `${point}: the next run succeeds: ${JSON.stringify(next.error)}`);
      states.set(next.result.id, await snapshotTree(s.source));
      await s.expectRestorable(next.result.id, states.get(next.result.id) as Map<string, TreeEntry>);
    }
    // What the killed runs left (temp files, volumes without manifest) is gone after the next run.
    const leftovers = (await readdir(repo, { recursive: true })).filter((n) => n.includes('.tmp'));
    assert.deepEqual(leftovers, []);
  });

  it('a backup killed after some volumes is completed by the next run, which keeps what is unchanged', async () => {
    const repo = path.join(work, 'resume-repo');
    await mkdir(repo);
    const s = await scene(path.join(work, 'resume'), [{ kind: 'local', path: repo }]);
    // Two volumes of their own (64 MiB each at most), packed first, and one of the small files.
    for (const name of ['video-a.mp4', 'video-b.mp4'])
      await writeFile(path.join(s.source, 'photos', name), randomBytes(70 * 1024 * 1024));
    // A file by inode and mtime: a volume removed and written anew may get the freed inode back.
    const volumesOf = async (id: string) => {
      const names = (await readdir(path.join(repo, id))).filter((n) => n.startsWith('volume-'));
      const identity = async (name: string) => {
        const { ino, mtimeMs } = await stat(path.join(repo, id, name));
        return [name, `${ino}@${mtimeMs}`] as const;
      };
      return new Map(await Promise.all(names.map(identity)));
    };

    const bytesIn = async (id: string) => {
      const sizes = await Promise.all(
        (await readdir(path.join(repo, id))).map(async (n) => (await stat(path.join(repo, id, n))).size),
      );
      return sizes.reduce((sum, size) => sum + size, 0);
    };

    await killAtFailpoint(s.backup({ HAUSMEISTER_TEST_FAILPOINT: 'backup:volume-noted' }));
    const [unfinished] = (await readdir(repo)).filter((n) => n.endsWith('-full'));
    assert.ok(unfinished, 'the killed run left its volumes');
    const before = await volumesOf(unfinished);

    const completed = await s.backup().outcome;
    assert.equal(completed.exitCode, 0, JSON.stringify(completed.error));
    assert.equal(completed.result.id, unfinished, 'the same backup, completed');
    assert.ok(completed.result.resumedVolumes >= 1, 'the volume written before the kill is kept');
    const after = await volumesOf(unfinished);
    const kept = [...before].filter(([name, file]) => after.get(name) === file);
    assert.equal(
      kept.length,
      completed.result.resumedVolumes,
      'the kept volumes are the very files written before the kill',
    );
    await s.expectRestorable(completed.result.id, await snapshotTree(s.source));
    assert.equal(await bytesIn(unfinished), completed.result.stats.storedBytes, 'no stale volume');

    // An incremental of the two videos killed the same way; then they change again before the next
    // run: the volume written of the old content is packed anew, and none is left stale.
    const appendToVideos = async (text: string) => {
      for (const name of ['video-a.mp4', 'video-b.mp4'])
        await appendFile(path.join(s.source, 'photos', name), text);
    };
    await appendToVideos('a few bytes more');
    await killAtFailpoint(s.backup({ HAUSMEISTER_TEST_FAILPOINT: 'backup:volume-noted' }));
    await appendToVideos('and more');
    const repacked = await s.backup().outcome;
    assert.equal(repacked.exitCode, 0, JSON.stringify(repacked.error));
    assert.equal(repacked.result.resumedVolumes, 0);
    await s.expectRestorable(repacked.result.id, await snapshotTree(s.source));
    assert.equal(await bytesIn(repacked.result.id), repacked.result.stats.storedBytes, 'no stale volume');
    const verified = await runJob({ action: 'verify', targets: s.targets, passphrase: PASSPHRASE });
    assert.ok(
      verified.result.backups.every((b: { ok: boolean }) => b.ok),
      'every backup checks out',
    );
  });

  it('the FTP connection dropped in the middle of an upload', { skip: vsftpdSkip() }, () =>
    withVsftpd(async (server) => {
      const s = await scene(path.join(work, 'ftp'), [server.config('/backups')]);
      const first = await s.backup().outcome;
      assert.equal(first.exitCode, 0, JSON.stringify(first.error));
      const atFirst = await snapshotTree(s.source);
      await writeFile(path.join(s.source, 'photos', 'big.bin'), randomBytes(4 * 1024 * 1024));

      const dropped = await dropConnectionsAtFailpoint(
        s.backup({ HAUSMEISTER_TEST_FAILPOINT: 'backup:mid-volume' }),
        server,
      );
      assert.equal(dropped.exitCode, 1, 'the run fails');
      assert.match(dropped.error?.messageKey ?? '', /^backup\.target\.error\./);
      assert.deepEqual(await s.complete(), [first.result.id], 'no half backup is listed');
      await s.expectRestorable(first.result.id, atFirst);

      const next = await s.backup().outcome;
      assert.equal(next.exitCode, 0, JSON.stringify(next.error));
      await s.expectRestorable(next.result.id, await snapshotTree(s.source));
    }),
  );

  it(
    'the FTP connection dropped after some volumes: the run fails, the next one completes the backup',
    { skip: vsftpdSkip() },
    () =>
      withVsftpd(async (server) => {
        const s = await scene(path.join(work, 'ftp-resume'), [server.config('/backups')]);
        for (const name of ['video-a.mp4', 'video-b.mp4'])
          await writeFile(path.join(s.source, 'photos', name), randomBytes(70 * 1024 * 1024));
        const dropped = await dropConnectionsAtFailpoint(
          s.backup({ HAUSMEISTER_TEST_FAILPOINT: 'backup:volume-noted' }),
          server,
        );
        assert.equal(dropped.exitCode, 1, 'the run fails');
        assert.deepEqual(await s.complete(), [], 'no half backup is listed');

        const next = await s.backup().outcome;
        assert.equal(next.exitCode, 0, JSON.stringify(next.error));
        assert.ok(next.result.resumedVolumes >= 1, 'what was uploaded before the drop is kept');
        await s.expectRestorable(next.result.id, await snapshotTree(s.source));
      }),
  );

  it(
    'the FTP connection dropped in the middle of a restore: it is read again and the restore completes',
    { skip: vsftpdSkip() },
    () =>
      withVsftpd(async (server) => {
        const s = await scene(path.join(work, 'ftp-restore'), [server.config('/backups')]);
        await writeFile(path.join(s.source, 'photos', 'big.bin'), randomBytes(4 * 1024 * 1024));
        const backup = await s.backup().outcome;
        assert.equal(backup.exitCode, 0, JSON.stringify(backup.error));
        const expected = await snapshotTree(s.source);

        const into = path.join(work, 'ftp-restored');
        const job = startJob(
          {
            action: 'restore',
            targets: s.targets,
            passphrase: PASSPHRASE,
            backupId: backup.result.id,
            paths: [],
            destination: into,
          },
          { HAUSMEISTER_TEST_FAILPOINT: 'restore:mid-volume' },
        );
        const restored = await dropConnectionsAtFailpoint(job, server);
        assert.equal(restored.exitCode, 0, JSON.stringify(restored.error));
        assert.ok(
          restored.messages.some((m) => m.type === 'progress' && m.phase === 'reconnecting'),
          'the wait for the connection shows in the progress',
        );
        const last = restored.messages.filter((m) => m.type === 'progress').at(-1);
        assert.deepEqual(
          last && [last.filesDone, last.bytesDone],
          [restored.result.files, restored.result.bytes],
          'what was restored before the drop is not counted twice',
        );
        assert.deepEqual(await snapshotTree(path.join(into, s.source)), expected);
      }),
  );

  it(
    'a target disk that fills up: the run fails, nothing of it stays, older backups restore',
    { skip: loopDiskSkip() },
    async () => {
      const disk = await createLoopDisk({ sizeMiB: 12 });
      try {
        const target: TargetConfig = { kind: 'local', path: disk.path, label: disk.label };
        const s = await scene(path.join(work, 'full'), [target]);
        const first = await s.backup().outcome;
        assert.equal(first.exitCode, 0, JSON.stringify(first.error));
        const atFirst = await snapshotTree(s.source);

        await writeFile(path.join(s.source, 'photos', 'too-big.bin'), randomBytes(16 * 1024 * 1024));
        const full = await s.backup().outcome;
        assert.equal(full.exitCode, 1);
        assert.equal(full.error?.messageKey, 'backup.target.error.targetFull');
        const folders = (await readdir(disk.path)).filter((n) => /^\d/.test(n));
        assert.deepEqual(folders, [first.result.id], 'the failed backup left nothing behind');
        await s.expectRestorable(first.result.id, atFirst);
      } finally {
        await disk.unmount();
      }
    },
  );
});
