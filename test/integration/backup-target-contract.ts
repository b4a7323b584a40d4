// The contract every backup target driver keeps, as a node:test suite, with the streams and checks it uses.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { BackupTarget } from '../../src/capabilities/backup/backup-target.js';
import { isHausmeisterError } from '../../src/errors.js';

export const MiB = 1024 * 1024;
export const TEST_TIMEOUT = { timeout: 30_000 };

/** A driver under test and a look behind it, at what is really stored (temp files included). */
export interface Fixture {
  target: BackupTarget;
  secrets: string[];
  /** Every file and folder (`name/`) the backend holds for the target, temps included. */
  rawNames(): Promise<string[]>;
  /** Puts a leftover (temp file of an interrupted write, or a stale probe) straight into the backend. */
  plantLeftover(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** `total` random bytes in 256 KiB chunks, produced as they are read; `sha256()` once it has ended. */
export function generatedStream(total: number, options: { stallAt?: number; onStall?: () => void } = {}) {
  const hash = createHash('sha256');
  let produced = 0;
  let stalled = false;
  const stream = new Readable({
    read() {
      if (options.stallAt !== undefined && produced >= options.stallAt) {
        // Never pushes again: the write is now waiting for data, as it would for a slow source.
        if (!stalled) options.onStall?.();
        stalled = true;
        return;
      }
      if (produced >= total) return void this.push(null);
      const chunk = randomBytes(Math.min(256 * 1024, total - produced));
      produced += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function writeBytes(target: BackupTarget, name: string, bytes: number): Promise<string> {
  const source = generatedStream(bytes);
  await target.write(name, source.stream);
  return source.sha256();
}

export async function rejectsWith(promise: Promise<unknown>, reason: string, messageKey?: string) {
  await assert.rejects(promise, (error) => {
    assert.ok(isHausmeisterError(error), `not a HausmeisterError: ${String(error)}`);
    assert.equal(error.reason, reason, error.detail);
    if (messageKey) assert.equal(error.messageKey, messageKey, error.detail);
    return true;
  });
}

/** Files and folders below `root`, two levels deep, as `a`, `b/`, `b/c`. */
export async function walk(root: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (entry.name === 'lost+found') continue;
    if (!entry.isDirectory()) names.push(entry.name);
    else {
      names.push(`${entry.name}/`);
      for (const inner of await readdir(path.join(root, entry.name))) names.push(`${entry.name}/${inner}`);
    }
  }
  return names.sort();
}

export const isTemp = (name: string) => /(^|\/)\.[^/]*\.tmp$/.test(name);

/** The suite for one target; `setup` starts its peer and builds the driver. */
export function targetContract(title: string, skip: string | false, setup: () => Promise<Fixture>) {
  describe(title, { skip }, () => {
    let fixture: Fixture;
    let target: BackupTarget;
    before(async () => {
      fixture = await setup();
      target = fixture.target;
    });
    after(async () => {
      await target?.close();
      await fixture?.stop();
    });

    it('passes check() and testConnection(), and leaves no probe behind', TEST_TIMEOUT, async () => {
      await target.check();
      await target.testConnection();
      assert.deepEqual(await target.list(''), []);
      assert.deepEqual(
        (await fixture.rawNames()).filter((n) => n.includes('probe')),
        [],
      );
    });

    it('describes itself without a secret', () => {
      const description = target.describe();
      assert.ok(description.length > 0);
      for (const secret of fixture.secrets) assert.ok(!description.includes(secret), description);
    });

    it('writes a 20 MiB stream and reads it back byte for byte', TEST_TIMEOUT, async () => {
      const source = generatedStream(20 * MiB);
      assert.deepEqual(await target.write('20261123T030000Z-full/volume-0001.bin', source.stream), {
        bytes: 20 * MiB,
      });
      const back = await sha256Of(await target.read('20261123T030000Z-full/volume-0001.bin'));
      assert.equal(back, source.sha256());
      assert.ok(!(await fixture.rawNames()).some(isTemp), 'a temp file is left');
    });

    it(
      'serves the next read after a reader that stopped early (a restore of one file)',
      TEST_TIMEOUT,
      async () => {
        const name = '20261123T030000Z-full/volume-0001.bin';
        const whole = await sha256Of(await target.read(name));
        const early = await target.read(name);
        for await (const _ of early) break; // one piece of the 20 MiB, then the reader is gone
        assert.ok(early.destroyed);
        assert.equal(await sha256Of(await target.read(name)), whole);
        assert.equal((await target.list('20261123T030000Z-full/')).length, 1);
      },
    );

    it('lists complete objects by prefix, two levels deep, sorted, with sizes', TEST_TIMEOUT, async () => {
      await writeBytes(target, 'b2/a.bin', 10);
      await writeBytes(target, 'b1/b.bin', 20);
      await writeBytes(target, 'b1/a.bin', 30);
      await writeBytes(target, 'manifest-latest.json', 40);
      await fixture.plantLeftover(`b1/.c.bin.${'0'.repeat(12)}.tmp`);
      const all = await target.list('');
      assert.deepEqual(
        all.map((o) => o.name),
        ['20261123T030000Z-full/volume-0001.bin', 'b1/a.bin', 'b1/b.bin', 'b2/a.bin', 'manifest-latest.json'],
      );
      assert.deepEqual(await target.list('b1/'), [
        { name: 'b1/a.bin', size: 30 },
        { name: 'b1/b.bin', size: 20 },
      ]);
      assert.deepEqual(
        (await target.list('b')).map((o) => o.name),
        ['b1/a.bin', 'b1/b.bin', 'b2/a.bin'],
      );
      assert.deepEqual(await target.list('manifest'), [{ name: 'manifest-latest.json', size: 40 }]);
      assert.deepEqual(await target.list('nothing-here/'), []);
    });

    it('removes leftovers of interrupted writes and keeps the objects', TEST_TIMEOUT, async () => {
      await fixture.plantLeftover(`.manifest.json.${'a'.repeat(12)}.tmp`);
      await fixture.plantLeftover(`b2/.z.bin.${'b'.repeat(12)}.tmp`);
      await fixture.plantLeftover('.hausmeister-probe-0123456789ab');
      await target.removeLeftovers();
      const raw = await fixture.rawNames();
      assert.ok(!raw.some((n) => isTemp(n) || n.includes('probe')), raw.join(', '));
      assert.equal((await target.list('b')).length, 3);
    });

    it(
      'removes objects, a missing one without error, and an emptied backup folder',
      TEST_TIMEOUT,
      async () => {
        await target.remove('b1/a.bin');
        await target.remove('b1/b.bin');
        await target.remove('b1/b.bin');
        await target.remove('never-written.bin');
        assert.deepEqual(await target.list('b1/'), []);
        assert.ok(!(await fixture.rawNames()).includes('b1/'), 'the empty folder b1 is left');
        assert.deepEqual((await target.list('b2/')).length, 1);
      },
    );

    it('says NOT_FOUND for a missing object', async () => {
      await assert.rejects(target.read('b1/a.bin'), (error) => {
        assert.ok(isHausmeisterError(error));
        assert.equal(error.reason, 'NOT_FOUND');
        assert.equal(error.messageKey, 'backup.target.error.notFound');
        assert.deepEqual(error.params, { name: 'b1/a.bin' });
        return true;
      });
    });

    it('rejects names that could leave the target folder or are not names of ours', async () => {
      for (const name of ['../x', '/etc/passwd', 'a//b', 'a/b/c', 'a b', '', 'b1/..', '.hidden', 'a/.tmp']) {
        await rejectsWith(
          target.write(name, Readable.from(['x'])),
          'BAD_INPUT',
          'backup.target.error.badName',
        );
        await rejectsWith(target.read(name), 'BAD_INPUT');
      }
    });
  });
}
