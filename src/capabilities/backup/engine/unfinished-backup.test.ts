import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ManifestEntry } from '../archive/manifest.js';
import type { ScannedEntry } from './file-scan.js';
import {
  resumable,
  reusableVolumes,
  UnfinishedBackupNote,
  type FinishedVolume,
  type UnfinishedBackup,
} from './unfinished-backup.js';

const ID = '20261204T030000Z-full';
const file = (name: string, size = 10): ManifestEntry => ({
  path: `/srv/${name}`,
  type: 'file',
  size,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtimeMs: 1_700_000_000_000,
  ctimeMs: 1_700_000_000_000,
  ino: name.length,
  sha256: 'ab'.repeat(32),
  object: `${ID}/volume-0001.tar.zst.gpg`,
});
const volume = (index: number, entries: ManifestEntry[]): FinishedVolume => ({
  index,
  object: `${ID}/volume-${String(index).padStart(4, '0')}.tar.zst.gpg`,
  files: entries.length,
  bytes: 100,
  storedBytes: 80 + index,
  entries,
});
const header = {
  id: ID,
  kind: 'full' as const,
  base: null,
  createdAt: '2026-12-04T03:00:00.000Z',
  targets: ['USB'],
  keyPacket: '',
  keyCheck: '',
};

describe('UnfinishedBackupNote', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hm-unfinished-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps the backup and each volume noted, and drops the line a power cut tore', async () => {
    const note = new UnfinishedBackupNote(dir);
    assert.equal(await note.read(), null);
    await note.start(header);
    await note.addVolume(volume(2, [file('a')]));
    await appendFile(path.join(dir, 'unfinished-backup.jsonl'), '{"type":"volume","ind');
    const read = await note.read();
    assert.equal(read?.id, ID);
    assert.deepEqual(
      read?.volumes.map((v) => v.index),
      [2],
    );
    await note.start(header);
    assert.deepEqual((await note.read())?.volumes, [], 'a new start forgets the old volumes');
    await note.remove();
    assert.equal(await note.read(), null);
  });
});

describe('resumable', () => {
  const unfinished: UnfinishedBackup = {
    ...header,
    volumes: [volume(1, [file('a')]), volume(2, [file('b')])],
  };
  const everything = new Map(unfinished.volumes.map((v) => [v.object, v.storedBytes]));
  const on = (left = everything, description = 'USB') => [{ description, left }];

  it('completes a backup whose volumes are all still on the same targets', () => {
    assert.equal(resumable(unfinished, on(), 'auto', null), unfinished);
    assert.equal(resumable(unfinished, on(), 'full', null), unfinished);
  });

  it('does not, when a volume is missing or cut short, the targets differ, or another kind is asked for', () => {
    const [first] = unfinished.volumes;
    assert.equal(resumable(unfinished, on(new Map([[first?.object ?? '', 81]])), 'auto', null), null);
    assert.equal(
      resumable(unfinished, on(new Map([...everything].map(([n, s]) => [n, s - 1]))), 'auto', null),
      null,
    );
    assert.equal(resumable(unfinished, on(everything, 'S3'), 'auto', null), null);
    assert.equal(resumable(unfinished, on(), 'incremental', null), null);
    assert.equal(resumable({ ...unfinished, volumes: [] }, on(), 'auto', null), null);
    assert.equal(resumable(null, on(), 'auto', null), null);
  });

  it('does not complete an incremental on a base that is no longer the newest', () => {
    const incremental = { ...unfinished, kind: 'incremental' as const, base: '20261203T030000Z-full' };
    assert.equal(resumable(incremental, on(), 'auto', '20261203T030000Z-full'), incremental);
    assert.equal(resumable(incremental, on(), 'auto', '20261201T030000Z-full'), null);
  });
});

describe('reusableVolumes', () => {
  it('keeps a volume only while every file in it is as it was', () => {
    const a = file('a');
    const b = file('b');
    const unfinished: UnfinishedBackup = { ...header, volumes: [volume(1, [a]), volume(2, [b])] };
    const scanned = (entry: ManifestEntry, change: Partial<ScannedEntry> = {}): [string, ScannedEntry] => [
      entry.path,
      { ...entry, ...change },
    ];
    const kept = reusableVolumes(unfinished, new Map([scanned(a), scanned(b, { size: 11 })]));
    assert.deepEqual(
      kept.map((v) => v.index),
      [1],
    );
    assert.deepEqual(reusableVolumes(unfinished, new Map([scanned(b)])), [unfinished.volumes[1]], 'a went');
  });
});
