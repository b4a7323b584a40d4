import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { writeConfigFiles } from './config-files.js';

describe('writeConfigFiles', () => {
  it('leaves the files in place untouched when the checker refuses the new ones', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'app.conf');
    await writeFile(file, 'good\n');
    await assert.rejects(
      writeConfigFiles([{ path: file, content: 'bad\n', mode: 0o644 }], async (staging) => {
        assert.equal(await readFile(path.join(staging, 'app.conf'), 'utf8'), 'bad\n');
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal(await readFile(file, 'utf8'), 'good\n');
    assert.deepEqual(await readdir(dir), ['app.conf'], 'no staging or temp files are left behind');
  });

  it('writes, and rolls back to the previous contents (removing files that were new)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cfg-'));
    const a = path.join(dir, 'a.conf');
    const b = path.join(dir, 'b.conf');
    await writeFile(a, 'old a\n');
    const change = await writeConfigFiles([
      { path: a, content: 'new a\n', mode: 0o644 },
      { path: b, content: 'new b\n', mode: 0o600 },
    ]);
    assert.equal(change.changed, true);
    assert.equal(await readFile(a, 'utf8'), 'new a\n');
    await change.rollback();
    assert.equal(await readFile(a, 'utf8'), 'old a\n');
    assert.deepEqual(await readdir(dir), ['a.conf']);
  });

  it('does nothing when the contents are unchanged', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'same.conf');
    await writeFile(file, 'same\n');
    let validated = false;
    const change = await writeConfigFiles([{ path: file, content: 'same\n', mode: 0o644 }], async () => {
      validated = true;
    });
    assert.equal(change.changed, false);
    assert.equal(validated, false);
  });
});
