import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HausmeisterError } from '../../../errors.js';
import { Progress } from './progress.js';
import { isWorthAnotherTry, waitingFor, withReadRetries } from './read-retry.js';

const lost = () =>
  new HausmeisterError('TARGET_UNAVAILABLE', { messageKey: 'backup.target.error.connectionLost' });
const loginFailed = () =>
  new HausmeisterError('TARGET_UNAVAILABLE', { messageKey: 'backup.target.error.loginFailed' });
const wrongPassphrase = () =>
  new HausmeisterError('WRONG_PASSPHRASE', { messageKey: 'backup.error.wrongPassphrase' });

/** A read that fails with the given errors first, then succeeds; counts its tries. */
function flaky(...failures: (() => Error)[]) {
  const tries = { count: 0 };
  const read = async () => {
    const failure = failures[tries.count++];
    if (failure) throw failure();
    return 'volume';
  };
  return { read, tries };
}

describe('withReadRetries', () => {
  it('reads again after a dropped connection, pausing before each try', async () => {
    const { read, tries } = flaky(lost, lost);
    const pauses: number[] = [];
    const value = await withReadRetries(read, { pausesMs: [0, 1, 2], onPause: (_e, ms) => pauses.push(ms) });
    assert.equal(value, 'volume');
    assert.equal(tries.count, 3);
    assert.deepEqual(pauses, [0, 1]);
  });

  it('gives up once the pauses are used up, with the last error', async () => {
    const { read, tries } = flaky(lost, lost, lost);
    await assert.rejects(withReadRetries(read, { pausesMs: [0, 0] }), /connectionLost/);
    assert.equal(tries.count, 3);
  });

  it('does not try again what a second try cannot change', async () => {
    for (const failure of [loginFailed, wrongPassphrase, () => new Error('a bug')]) {
      const { read, tries } = flaky(failure);
      await assert.rejects(withReadRetries(read, { pausesMs: [0, 0] }));
      assert.equal(tries.count, 1, String(failure()));
      assert.equal(isWorthAnotherTry(failure()), false);
    }
  });

  it('shows the wait in the progress and goes back to the work, its counts kept', async () => {
    const phases: string[] = [];
    let now = 0;
    const progress = new Progress(
      (p) => phases.push(`${p.phase} ${p.filesDone}/${p.bytesDone}`),
      () => now,
    );
    progress.start('restoring', 10, 1000);
    progress.addFile();
    progress.addBytes(300);
    now += 1000;
    const { read } = flaky(lost);
    await withReadRetries(read, { pausesMs: [0], ...waitingFor(progress, 'restoring') });
    progress.takeBack(300, 1);
    assert.deepEqual(phases.slice(-3), ['reconnecting 1/300', 'restoring 1/300', 'restoring 0/0']);
  });
});
