import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { mapFsError } from './fs-errors.js';

const folder = mkdtempSync(path.join(tmpdir(), 'fs-errors-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const context = { target: `USB disk (${folder})`, host: 'localhost', port: '', secrets: [] };

const failure = (fields: Partial<NodeJS.ErrnoException>) => Object.assign(new Error(fields.code), fields);
const keyOf = (error: unknown, file = folder) => mapFsError(error, file, context).messageKey;

describe('mapFsError', () => {
  it('names a folder the disk refuses to make, as exfat-fuse (ENOENT) and vfat (EINVAL) refuse it', () => {
    const made = path.join(folder, 'Backups: Familie');
    assert.equal(
      keyOf(failure({ code: 'ENOENT', syscall: 'mkdir', path: made })),
      'backup.target.error.nameRefused',
    );
    assert.equal(
      keyOf(failure({ code: 'EINVAL', syscall: 'mkdir', path: made })),
      'backup.target.error.nameRefused',
    );
  });

  it('keeps a missing file or folder what it is', () => {
    let missing: unknown;
    try {
      readFileSync(path.join(folder, 'volume-0001'));
    } catch (error) {
      missing = error;
    }
    assert.equal(keyOf(missing), 'backup.target.error.folderMissing');
    const deeper = path.join(folder, 'gone', 'Backups');
    assert.equal(
      keyOf(failure({ code: 'ENOENT', syscall: 'mkdir', path: deeper })),
      'backup.target.error.folderMissing',
    );
  });

  it('tells a full, read-only, denied and failing disk apart', () => {
    assert.equal(keyOf(failure({ code: 'ENOSPC' })), 'backup.target.error.targetFull');
    assert.equal(keyOf(failure({ code: 'EROFS' })), 'backup.target.error.readOnly');
    assert.equal(keyOf(failure({ code: 'EACCES' })), 'backup.target.error.permissionDenied');
    assert.equal(keyOf(failure({ code: 'EIO' })), 'backup.target.error.ioError');
    assert.equal(keyOf(failure({ code: 'EINVAL', syscall: 'read' })), 'backup.target.error.unexpected');
  });
});
