import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCommandRunner } from '../command-runner/command-runner.js';
import { createAptPackages, parseAptStatusLine } from './apt-packages.js';

describe('apt', () => {
  it('reads progress from APT::Status-Fd lines', () => {
    assert.deepEqual(parseAptStatusLine('dlstatus:1:12.5:Retrieving file 1 of 3'), {
      phase: 'downloading',
      percent: 13,
    });
    assert.deepEqual(parseAptStatusLine('pmstatus:radicale:85.7143:Setting up radicale'), {
      phase: 'installing',
      percent: 86,
    });
    assert.equal(parseAptStatusLine('Reading package lists...'), null);
  });

  it('tells installed from missing packages with the real dpkg database', async () => {
    const apt = createAptPackages({ runner: createCommandRunner(), isRoot: false });
    assert.deepEqual(await apt.missing(['bash', 'hausmeister-no-such-package']), [
      'hausmeister-no-such-package',
    ]);
    assert.equal(apt.canInstall(), false);
  });
});
