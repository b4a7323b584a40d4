// The backup engine end to end, as the daemon runs it (the real job process): full and incremental
// backups of real files, restores at two points in time compared byte for byte, a restore with nothing
// but GnuPG and tar, a wrong passphrase, retention, restores onto a USB disk that is full, read-only or
// exFAT, and the same round trip over FTP and S3.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TargetConfig } from '../../src/capabilities/backup/index.js';
import { createLoopDisk, loopDiskSkip, type LoopDisk } from '../peers/loop-disk.js';
import { startS3rver, type S3rverPeer } from '../peers/s3rver.js';
import { startVsftpd, vsftpdSkip, type VsftpdServer } from '../peers/vsftpd.js';
import { makeTree, PASSPHRASE, runJob, snapshotTree } from './backup-fixtures.js';

const gpgMissing = (() => {
  try {
    execFileSync('gpg', ['--version'], { stdio: 'ignore' });
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'gpg or zstd is not installed';
  }
})();

async function roundTrip(work: string, targets: TargetConfig[]) {
  const source = path.join(work, 'source');
  const state = path.join(work, 'state');
  await makeTree(source);
  const backup = (kind: 'auto' | 'full' | 'incremental' = 'auto') =>
    runJob({
      action: 'backup',
      stateDir: state,
      targets,
      passphrase: PASSPHRASE,
      sources: [{ path: source }],
      excludes: ['**/*.tmp'],
      kind,
    });
  const restore = (backupId: string, destination: string, paths: string[] = []) =>
    runJob({ action: 'restore', targets, passphrase: PASSPHRASE, backupId, paths, destination });

  const first = await backup();
  assert.equal(first.exitCode, 0, JSON.stringify(first.error));
  assert.equal(first.result.kind, 'full');
  const atFirst = await snapshotTree(source);

  // Change, add, delete, and a file that must be left out.
  await appendFile(path.join(source, 'docs', 'todo.txt'), 'bread\n');
  await writeFile(path.join(source, 'docs', 'new.txt'), 'new file\n');
  await unlink(path.join(source, 'photos', 'tiny.bin'));
  await writeFile(path.join(source, 'scratch.tmp'), 'left out');
  const second = await backup();
  assert.equal(second.exitCode, 0, JSON.stringify(second.error));
  assert.equal(second.result.kind, 'incremental');
  assert.equal(second.result.stats.newFiles, 1);
  assert.equal(second.result.stats.changedFiles, 1);
  assert.equal(second.result.stats.deletedFiles, 1);
  assert.ok(second.result.stats.packedBytes < 100_000, 'only the changes were packed');
  await unlink(path.join(source, 'scratch.tmp'));
  const atSecond = await snapshotTree(source);

  const unchanged = await backup();
  assert.equal(unchanged.result.stats.packedBytes, 0, 'a backup with nothing changed packs nothing');

  for (const [id, expected] of [
    [first.result.id as string, atFirst],
    [second.result.id as string, atSecond],
  ] as const) {
    const into = path.join(work, `restore-${id}`);
    const restored = await restore(id, into);
    assert.equal(restored.exitCode, 0, JSON.stringify(restored.error));
    assert.deepEqual(await snapshotTree(path.join(into, source)), expected, `state at ${id}`);
  }

  const one = path.join(work, 'restore-one');
  const single = await restore(second.result.id, one, [path.join(source, 'docs', 'todo.txt')]);
  assert.equal(single.result.files, 1);
  assert.ok((await readFile(path.join(one, source, 'docs', 'todo.txt'), 'utf8')).endsWith('bread\n'));

  // A folder out of two volumes; the full's is read only as far as its last wanted file, not on into the
  // photos, and the target goes on serving the other volume.
  const docs = path.join(work, 'restore-docs');
  const folder = await restore(second.result.id, docs, [path.join(source, 'docs')]);
  assert.equal(folder.exitCode, 0, JSON.stringify(folder.error));
  assert.deepEqual(
    await snapshotTree(path.join(docs, source)),
    new Map([...atSecond].filter(([relative]) => relative === 'docs' || relative.startsWith('docs/'))),
  );
  return {
    source,
    first: first.result.id as string,
    fullBytes: first.result.stats.bytes as number,
    second: second.result.id as string,
    atSecond,
  };
}

describe('backup engine: local folder', () => {
  let work: string;
  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'hm-engine-'));
  });
  after(async () => rm(work, { recursive: true, force: true }));

  it('full → change → incremental → restore both points in time, byte for byte', async () => {
    const repo = path.join(work, 'repo');
    await mkdir(repo);
    const { source, first, fullBytes, second, atSecond } = await roundTrip(work, [
      { kind: 'local', path: repo },
    ]);

    // The archive tells a person what it is, in plain text, and names its chain.
    assert.match(await readFile(path.join(repo, 'HOW-TO-RESTORE.txt'), 'utf8'), /gpg -d/);
    assert.match(second, /^\d{8}T\d{6}Z-incremental-\d{8}T\d{6}Z$/);

    // A wrong passphrase is refused before anything is written.
    const wrong = path.join(work, 'restore-wrong');
    const refused = await runJob({
      action: 'restore',
      targets: [{ kind: 'local', path: repo }],
      passphrase: 'not the passphrase',
      backupId: second,
      paths: [],
      destination: wrong,
    });
    assert.equal(refused.error?.reason, 'WRONG_PASSPHRASE');
    await assert.rejects(readdir(wrong), /ENOENT/);

    // Verify reads every volume back and checks every file.
    const verified = await runJob({
      action: 'verify',
      targets: [{ kind: 'local', path: repo }],
      passphrase: PASSPHRASE,
    });
    assert.equal(verified.exitCode, 0);
    assert.ok(verified.result.backups.length >= 3);
    assert.ok(verified.result.backups.every((b: { ok: boolean }) => b.ok));
    const full = verified.result.backups.find((b: { id: string }) => b.id === first);
    assert.equal(full.bytes, fullBytes, 'every byte of the full backup was read back');

    // A damaged volume is found by verify and refused by restore.
    const fullDir = (await readdir(repo)).find((n) => n.endsWith('-full')) as string;
    const volume = path.join(repo, fullDir, 'volume-0001.tar.zst.gpg');
    const bytes = await readFile(volume);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] as number) ^ 0xff;
    await writeFile(volume, bytes);
    const damaged = await runJob({
      action: 'verify',
      targets: [{ kind: 'local', path: repo }],
      passphrase: PASSPHRASE,
    });
    assert.ok(
      damaged.result.backups.some((b: { ok: boolean }) => !b.ok),
      'verify notices the damage',
    );
    const refusedDamaged = await runJob({
      action: 'restore',
      targets: [{ kind: 'local', path: repo }],
      passphrase: PASSPHRASE,
      backupId: first,
      paths: [],
      destination: path.join(work, 'restore-damaged'),
    });
    assert.equal(refusedDamaged.exitCode, 1);
    assert.equal(refusedDamaged.error?.reason, 'INTEGRITY', JSON.stringify(refusedDamaged.error));
    assert.ok(atSecond.size > 0 && source);
  });

  it(
    'restores with nothing but gpg and tar (with zstd), following HOW-TO-RESTORE.txt',
    { skip: gpgMissing },
    async () => {
      const dir = await mkdtemp(path.join(work, 'gpg-'));
      const repo = path.join(dir, 'repo');
      await mkdir(repo);
      const { source, atSecond } = await roundTrip(dir, [{ kind: 'local', path: repo }]);
      const home = await mkdtemp(path.join(dir, 'gnupg-'));
      const out = path.join(dir, 'by-hand');
      await mkdir(out);
      const gpg = (file: string) =>
        execFileSync(
          'gpg',
          [
            '--homedir',
            home,
            '--batch',
            '--quiet',
            '--pinentry-mode',
            'loopback',
            '--passphrase-fd',
            '0',
            '-d',
            file,
          ],
          {
            input: PASSPHRASE,
            maxBuffer: 1 << 30,
          },
        );
      // Oldest first: the full backup, then each incremental of its chain, deletions after each.
      for (const backup of (await readdir(repo)).filter((n) => /^\d/.test(n)).sort()) {
        for (const volume of (await readdir(path.join(repo, backup)))
          .filter((n) => n.startsWith('volume-'))
          .sort())
          execFileSync('tar', ['--zstd', '-x', '-C', out], { input: gpg(path.join(repo, backup, volume)) });
        const deletions = path.join(repo, backup, 'deleted.txt.gpg');
        const listed = await readFile(deletions).then(
          () => gpg(deletions).toString('utf8').split('\n').filter(Boolean),
          () => [],
        );
        for (const file of listed) await rm(path.join(out, file), { recursive: true, force: true });
      }
      assert.deepEqual(await snapshotTree(path.join(out, source)), atSecond);
      const manifest = JSON.parse(
        execFileSync('gunzip', [], {
          input: gpg(
            path.join(
              repo,
              (await readdir(repo)).filter((n) => /^\d/.test(n)).sort()[0] as string,
              'manifest.json.gz.gpg',
            ),
          ),
        }).toString(),
      );
      assert.equal(manifest.format, 'hausmeister-backup/1');
    },
  );

  it('retention removes exactly the chains older than the maximum age that a newer full replaces', async () => {
    const repo = path.join(work, 'retention');
    const source = path.join(work, 'retention-source');
    await mkdir(repo);
    await makeTree(source);
    const targets: TargetConfig[] = [{ kind: 'local', path: repo }];
    const backup = async (kind: 'full' | 'incremental') => {
      const outcome = await runJob({
        action: 'backup',
        stateDir: path.join(work, 'retention-state'),
        targets,
        passphrase: PASSPHRASE,
        sources: [{ path: source }],
        excludes: [],
        kind,
      });
      assert.equal(outcome.exitCode, 0, JSON.stringify(outcome.error));
      return outcome.result.id as string;
    };
    const oldFull = await backup('full');
    const oldIncremental = await backup('incremental');
    const newFull = await backup('full');
    const newIncremental = await backup('incremental');
    const prune = (days: number, now: Date) =>
      runJob({ action: 'prune', targets, passphrase: PASSPHRASE, maxAgeDays: days, now: now.toISOString() });

    const soon = await prune(30, new Date());
    assert.deepEqual(soon.result.removed[0].backups, [], 'nothing is old enough yet');
    const later = await prune(30, new Date(Date.now() + 40 * 86_400_000));
    assert.deepEqual(later.result.removed[0].backups.sort(), [oldFull, oldIncremental].sort());
    const left = (await readdir(repo)).filter((n) => /^\d/.test(n)).sort();
    assert.deepEqual(left, [newFull, newIncremental].sort(), 'the newest chain stays, however old');
    const again = await prune(30, new Date(Date.now() + 400 * 86_400_000));
    assert.deepEqual(again.result.removed[0].backups, [], 'no newer full backup: the last chain stays');
  });

  it('browses a folder of thousands of photos: the whole answer arrives, far beyond a pipe buffer', async () => {
    const repo = path.join(work, 'many');
    const photos = path.join(work, 'many-source', 'photos');
    await mkdir(repo);
    await mkdir(photos, { recursive: true });
    const count = 4000;
    for (let i = 0; i < count; i++)
      await writeFile(path.join(photos, `IMG_2026_summer_holiday_in_the_mountains_${i}.jpg`), `${i}`);
    const targets: TargetConfig[] = [{ kind: 'local', path: repo }];
    const backedUp = await runJob({
      action: 'backup',
      stateDir: path.join(work, 'many-state'),
      targets,
      passphrase: PASSPHRASE,
      sources: [{ path: path.dirname(photos) }],
      excludes: [],
      kind: 'full',
    });
    assert.equal(backedUp.exitCode, 0, JSON.stringify(backedUp.error));
    const browsed = await runJob({
      action: 'browse',
      targets,
      passphrase: PASSPHRASE,
      backupId: backedUp.result.id,
      folder: photos,
    });
    assert.equal(browsed.exitCode, 0, JSON.stringify(browsed.error));
    const answer = JSON.stringify(browsed.result);
    assert.ok(answer.length > 512 * 1024, `an answer of ${answer.length} bytes (more than a socket takes)`);
    assert.equal(browsed.result.listings[photos].length, count);
  });

  it('a USB disk that is not mounted: the backup fails clearly and writes nothing', async () => {
    const folder = path.join(work, 'not-a-disk');
    await mkdir(folder);
    const outcome = await runJob({
      action: 'backup',
      stateDir: path.join(work, 'usb-state'),
      targets: [{ kind: 'local', path: folder, label: 'HM-NO-SUCH-DISK' }],
      passphrase: PASSPHRASE,
      sources: [{ path: path.join(work, 'retention-source') }],
      excludes: [],
      kind: 'auto',
    });
    assert.equal(outcome.exitCode, 1);
    assert.equal(outcome.error?.messageKey, 'backup.target.error.diskNotMounted');
    assert.deepEqual(await readdir(folder), []);
  });
});

describe(
  'backup engine: restoring onto a USB disk that is full, read-only or exFAT',
  { skip: loopDiskSkip() },
  () => {
    let work: string;
    let disk: LoopDisk;
    let stick: LoopDisk | null = null;
    before(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'hm-engine-dest-'));
      disk = await createLoopDisk({ sizeMiB: 8 });
      if (!loopDiskSkip('exfat')) stick = await createLoopDisk({ sizeMiB: 16, filesystem: 'exfat' });
    });
    after(async () => {
      await disk?.unmount();
      await stick?.unmount();
      await rm(work, { recursive: true, force: true });
    });

    /** Backs up `source` (filled by `fill`) in full; returns a restore of that backup into a folder. */
    async function backedUp(name: string, fill: (source: string) => Promise<void>) {
      const source = path.join(work, name);
      const repo = path.join(work, `${name}-repo`);
      await mkdir(source);
      await mkdir(repo);
      await fill(source);
      const targets = [{ kind: 'local' as const, path: repo }];
      const backup = await runJob({
        action: 'backup',
        stateDir: path.join(work, `${name}-state`),
        targets,
        passphrase: PASSPHRASE,
        sources: [{ path: source }],
        excludes: [],
        kind: 'full',
      });
      assert.equal(backup.exitCode, 0, JSON.stringify(backup.error));
      const restore = (destination: string) =>
        runJob({
          action: 'restore',
          targets,
          passphrase: PASSPHRASE,
          backupId: backup.result.id,
          paths: [],
          destination,
        });
      return { source, restore };
    }

    it('a full or read-only disk: says which, and leaves the files that were there unchanged', async () => {
      const { source, restore } = await backedUp('albums', async (source) => {
        await mkdir(path.join(source, 'photos'));
        await writeFile(path.join(source, 'notes.txt'), 'notes\n');
        await writeFile(path.join(source, 'photos', 'album.bin'), randomBytes(6 * 1024 * 1024));
      });

      // An older album already takes half the disk: the new one does not fit beside it.
      const into = path.join(disk.path, 'restored');
      const album = path.join(into, source, 'photos', 'album.bin');
      const older = randomBytes(3 * 1024 * 1024);
      await mkdir(path.dirname(album), { recursive: true });
      await writeFile(album, older);
      const full = await restore(into);
      assert.equal(full.exitCode, 1);
      assert.equal(full.error?.messageKey, 'backup.error.restoreNoSpace', JSON.stringify(full.error));
      assert.equal(full.error?.params.path, album);
      assert.deepEqual(await readFile(album), older, 'the file that was there is unchanged');
      assert.deepEqual(await readdir(path.dirname(album)), ['album.bin'], 'no half-written file is left');

      execFileSync('mount', ['-o', 'remount,ro', disk.path]);
      try {
        const readOnly = await restore(path.join(disk.path, 'elsewhere'));
        assert.equal(readOnly.exitCode, 1);
        assert.equal(
          readOnly.error?.messageKey,
          'backup.error.restoreReadOnly',
          JSON.stringify(readOnly.error),
        );
      } finally {
        execFileSync('mount', ['-o', 'remount,rw', disk.path]);
      }
    });

    it(
      'an exFAT stick: every file it can hold, without owners, and the ones it cannot by name',
      { skip: loopDiskSkip('exfat') },
      async () => {
        const { source, restore } = await backedUp('household', async (source) => {
          await mkdir(path.join(source, 'Fotos: Urlaub'));
          await writeFile(path.join(source, 'letter.txt'), 'Dear Anna,\n');
          await writeFile(path.join(source, 'what?.txt'), 'a question\n');
          await writeFile(path.join(source, 'Fotos: Urlaub', 'beach.jpg'), 'sand');
          await writeFile(Buffer.from(`${source}/M\xfcller.txt`, 'latin1'), 'Latin-1\n');
          await symlink('letter.txt', path.join(source, 'latest'));
          // The household's files belong to a user, not to root: exFAT cannot store that.
          execFileSync('chown', ['-R', '1000:1000', source]);
        });
        const into = path.join((stick as LoopDisk).path, 'restored');
        const restored = await restore(into);
        assert.equal(restored.exitCode, 0, JSON.stringify(restored.error));
        assert.equal(await readFile(path.join(into, source, 'letter.txt'), 'utf8'), 'Dear Anna,\n');
        assert.equal(restored.result.files, 1);
        assert.equal(restored.result.ownersNotKept, 1);
        const skipped = (restored.result.skipped as { path: string; reason: string }[])
          .map((s) => `${s.reason} ${path.relative(source, s.path)}`)
          .sort();
        assert.deepEqual(skipped, [
          'linkNotPossible latest',
          'nameNotPossible Fotos: Urlaub',
          'nameNotPossible Fotos: Urlaub/beach.jpg',
          'nameNotPossible M\\xfcller.txt',
          'nameNotPossible what?.txt',
        ]);
      },
    );

    it(
      'an exFAT stick as the target: a folder name it refuses is named, a good one takes the backup',
      { skip: loopDiskSkip('exfat') },
      async () => {
        const source = path.join(work, 'to-stick');
        await mkdir(source);
        await writeFile(path.join(source, 'letter.txt'), 'Dear Anna,\n');
        const backupTo = (folder: string) =>
          runJob({
            action: 'backup',
            stateDir: path.join(work, 'to-stick-state'),
            targets: [
              { kind: 'local', path: path.join((stick as LoopDisk).path, folder), label: stick?.label },
            ],
            passphrase: PASSPHRASE,
            sources: [{ path: source }],
            excludes: [],
            kind: 'full',
          });
        const refused = await backupTo('Backups: Familie');
        assert.equal(refused.exitCode, 1);
        assert.equal(
          refused.error?.messageKey,
          'backup.target.error.nameRefused',
          JSON.stringify(refused.error),
        );
        const stored = await backupTo('Backups Familie');
        assert.equal(stored.exitCode, 0, JSON.stringify(stored.error));
        assert.equal(stored.result.stats.files, 1);
      },
    );
  },
);

describe('backup engine: FTP (vsftpd) and S3 (s3rver)', () => {
  let work: string;
  let ftp: VsftpdServer | null = null;
  let s3: S3rverPeer;
  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'hm-engine-remote-'));
    s3 = await startS3rver();
    if (!vsftpdSkip()) ftp = await startVsftpd({ tls: true });
  });
  after(async () => {
    await ftp?.stop();
    await s3?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('round trip over FTPS', { skip: vsftpdSkip() }, async () => {
    await roundTrip(path.join(work, 'ftp'), [(ftp as VsftpdServer).config('/backups')]);
  });

  it('round trip over S3, and to a USB folder and S3 at once', async () => {
    await roundTrip(path.join(work, 's3'), [s3.config('hausmeister/')]);
    const both = path.join(work, 'both');
    await mkdir(path.join(both, 'repo'), { recursive: true });
    const { second } = await roundTrip(both, [
      { kind: 'local', path: path.join(both, 'repo') },
      s3.config('both/'),
    ]);
    const listed = await runJob({
      action: 'list',
      targets: [{ kind: 'local', path: path.join(both, 'repo') }, s3.config('both/')],
      passphrase: PASSPHRASE,
    });
    const entry = listed.result.backups.find((b: { id: string }) => b.id === second);
    assert.equal(entry.targets.length, 2, 'each backup is on both targets');
  });
});
