import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import type { ManifestEntry } from '../archive/manifest.js';
import { createVolumeKey } from '../archive/openpgp-stream.js';
import { scanSources } from './file-scan.js';
import { packVolume } from './volume-pack.js';
import { VolumeWorkers } from './volume-workers.js';

const PASSPHRASE = 'volume workers test passphrase';
const OBJECT = '20261204T010000Z-full/volume-0001.tar.zst.gpg';

describe('VolumeWorkers.restore', () => {
  let dir: string;
  let volume: Buffer;
  let entries: ManifestEntry[];
  let big: Buffer;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hausmeister-workers-'));
    const source = path.join(dir, 'source');
    await mkdir(source);
    await writeFile(path.join(source, 'a-letter.txt'), 'Liebe Oma, '.repeat(1000));
    // Random, so that it stays big in the volume: many chunks after the letter.
    big = randomBytes(8 * 1024 * 1024);
    await writeFile(path.join(source, 'b-video.mp4'), big);
    const scanned = (await scanSources({ sources: [source], excludes: [], skip: [] })).entries;
    const files = scanned.filter((e) => e.type === 'file');
    const key = await createVolumeKey(PASSPHRASE);
    const { stream, packed } = await packVolume(
      { entries: files },
      { key, compressionLevel: 1, onBytes: () => undefined, onFile: () => undefined },
    );
    volume = await buffer(stream);
    const hashes = new Map((await packed).map((p) => [p.path, 'sha256' in p ? p.sha256 : '']));
    entries = files.map((e) => ({ ...e, sha256: hashes.get(e.path), object: OBJECT }));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  /** The volume as a target hands it out, in pieces of 64 KiB; counts what was read. */
  function fromTarget() {
    const read = { bytes: 0 };
    const pieces = async function* () {
      for (let at = 0; at < volume.length; at += 64 * 1024) {
        read.bytes += Math.min(64 * 1024, volume.length - at);
        yield volume.subarray(at, at + 64 * 1024);
      }
    };
    return { stream: Readable.from(pieces()), read };
  }

  const restoreOptions = (wanted: ManifestEntry[], into: string) => ({
    object: OBJECT,
    passphrase: PASSPHRASE,
    files: wanted.map((entry) => ({ entry, destination: path.join(into, entry.path) })),
    asRoot: false,
    onBytes: () => undefined,
    onFile: () => undefined,
  });

  it('reads a volume only as far as the wanted files, and the worker restores the next volume intact', async () => {
    const workers = new VolumeWorkers(1);
    try {
      const letter = entries.find((e) => e.path.endsWith('a-letter.txt')) as ManifestEntry;
      const first = fromTarget();
      const one = await workers.restore(first.stream, restoreOptions([letter], path.join(dir, 'one')));
      assert.equal(one.files, 1);
      assert.ok(first.read.bytes < volume.length / 2, `read ${first.read.bytes} of ${volume.length}`);

      // The same worker next: no chunk meant for the first volume may reach this one.
      const second = fromTarget();
      const all = await workers.restore(second.stream, restoreOptions(entries, path.join(dir, 'all')));
      assert.equal(all.files, 2);
      assert.equal(second.read.bytes, volume.length);
      const video = path.join(dir, 'all', entries.find((e) => e.path.endsWith('b-video.mp4'))?.path ?? '');
      assert.ok((await readFile(video)).equals(big));
    } finally {
      await workers.close();
    }
  });
});
