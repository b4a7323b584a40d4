import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HausmeisterError } from '../../../errors.js';
import { onDestination } from './restore-destination.js';

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('restore destination errors', () => {
  const file = '/srv/restored/M\udcfcller.txt';

  it('names what is wrong with the disk restored onto, and the file as ls -b shows it', async () => {
    assert.throws(
      () =>
        onDestination(file, () => {
          throw errno('ENOSPC');
        }),
      {
        messageKey: 'backup.error.restoreNoSpace',
        params: { path: '/srv/restored/M\\xfcller.txt', code: 'ENOSPC' },
      },
    );
    await assert.rejects(
      onDestination(file, async () => {
        throw errno('EROFS');
      }),
      { messageKey: 'backup.error.restoreReadOnly' },
    );
    assert.throws(
      () =>
        onDestination(file, () => {
          throw errno('EIO');
        }),
      {
        messageKey: 'backup.error.restoreWriteFailed',
        params: { path: '/srv/restored/M\\xfcller.txt', code: 'EIO' },
      },
    );
  });

  it('leaves errors alone that already say what they mean or carry no system error code', () => {
    const damaged = new HausmeisterError('INTEGRITY', { messageKey: 'backup.error.damaged' });
    assert.throws(
      () =>
        onDestination(file, () => {
          throw damaged;
        }),
      (error) => error === damaged,
    );
    const other = new Error('modification detected');
    assert.throws(
      () =>
        onDestination(file, () => {
          throw other;
        }),
      (error) => error === other,
    );
    assert.equal(
      onDestination(file, () => 42),
      42,
    );
  });
});
