// The service log: tail reading across chunks and runs, rotation on open, and the size cap while running.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { capServiceLog, openServiceLog, readLastLines } from './log-file.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hausmeister-log-file-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('service log', () => {
  it('reads the last lines of a file much larger than one read chunk', async () => {
    const file = path.join(dir, 'big.log');
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i + 1} ${'x'.repeat(i % 40)}`);
    await writeFile(file, `${lines.join('\n')}\n`);
    assert.deepEqual(await readLastLines(file, 3), lines.slice(-3));
    assert.deepEqual(await readLastLines(file, 4000), lines.slice(-4000));
    assert.equal((await readLastLines(file, 100_000)).length, 50_000);
  });

  it('handles a last line without newline, an empty file, a missing file and zero lines', async () => {
    const file = path.join(dir, 'plain.log');
    await writeFile(file, 'a\nb\nc');
    assert.deepEqual(await readLastLines(file, 2), ['b', 'c']);
    assert.deepEqual(await readLastLines(file, 0), []);
    await writeFile(file, '');
    assert.deepEqual(await readLastLines(file, 2), []);
    assert.deepEqual(await readLastLines(path.join(dir, 'absent.log'), 2), []);
  });

  it('reads only what was written after an offset, and everything once the file was emptied', async () => {
    const file = path.join(dir, 'runs.log');
    await writeFile(file, 'old run\n');
    const offset = (await stat(file)).size;
    assert.deepEqual(await readLastLines(file, 5, offset), []);
    await appendFile(file, 'new run\n');
    assert.deepEqual(await readLastLines(file, 5, offset), ['new run']);
    await writeFile(file, 'x\n');
    assert.deepEqual(await readLastLines(file, 5, 1000), ['x']);
  });

  it('creates the log and its folder private, and rotates a log past the cap when opened', async () => {
    const file = path.join(dir, 'logs', 'svc.log');
    const first = await openServiceLog(file, 10);
    await first.close();
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(file))).mode & 0o777, 0o700);

    await writeFile(file, 'more than ten bytes\n');
    const second = await openServiceLog(file, 10);
    await second.close();
    assert.equal(await readFile(`${file}.1`, 'utf8'), 'more than ten bytes\n');
    assert.equal(second.offset, 0);
  });

  it('caps a log that is still being written, keeping the writer appending at the new end', async () => {
    const file = path.join(dir, 'running.log');
    const writer = await open(file, 'a', 0o600);
    try {
      await writer.write('a'.repeat(100) + '\n');
      assert.equal(await capServiceLog(file, 1000), false);
      assert.equal(await capServiceLog(file, 50), true);
      await writer.write('after the cap\n');
      assert.equal(await readFile(file, 'utf8'), 'after the cap\n');
      assert.equal((await readFile(`${file}.1`, 'utf8')).length, 101);
    } finally {
      await writer.close();
    }
  });
});
