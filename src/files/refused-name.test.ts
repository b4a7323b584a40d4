import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isNameRefused } from './refused-name.js';

const folder = mkdtempSync(path.join(tmpdir(), 'refused-name-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function errorOf(operation: () => unknown): unknown {
  try {
    operation();
  } catch (error) {
    return error;
  }
  assert.fail('the operation did not fail');
}

describe('isNameRefused', () => {
  it('takes what FAT and exFAT answer for a name they cannot store as refused', () => {
    for (const code of ['EINVAL', 'EILSEQ', 'ENAMETOOLONG'])
      assert.equal(isNameRefused(Object.assign(new Error(code), { code })), true, code);
  });

  it('takes ENOENT as a refused name only where the parent folder is there (exfat-fuse)', () => {
    const inExisting = Object.assign(new Error('ENOENT'), {
      code: 'ENOENT',
      syscall: 'mkdir',
      path: path.join(folder, 'Fotos: Urlaub'),
    });
    assert.equal(isNameRefused(inExisting), true);
    const missingParent = errorOf(() => openSync(path.join(folder, 'not-there', 'file'), 'wx'));
    assert.equal(isNameRefused(missingParent), false);
  });

  it('reads a path given as bytes', () => {
    mkdirSync(path.join(folder, 'alt'));
    const bytes = Buffer.concat([Buffer.from(path.join(folder, 'alt/')), Buffer.of(0xe4, 0x3a)]);
    assert.equal(isNameRefused({ code: 'ENOENT', path: bytes }), true);
    const deeper = Buffer.concat([Buffer.from(path.join(folder, 'gone/')), Buffer.of(0xe4)]);
    assert.equal(isNameRefused({ code: 'ENOENT', path: deeper }), false);
  });

  it('leaves every other error alone', () => {
    for (const code of ['EACCES', 'ENOSPC', 'EROFS', 'EIO', undefined])
      assert.equal(isNameRefused(Object.assign(new Error('x'), { code })), false, String(code));
    assert.equal(isNameRefused(undefined), false);
  });
});
