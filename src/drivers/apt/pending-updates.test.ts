// Counting pending updates: apt's simulation as Debian prints it, and the real apt-get where it exists.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createCommandRunner } from '../command-runner/command-runner.js';
import { countUpgrades, createPendingUpdates } from './pending-updates.js';

describe('pending updates', () => {
  it('counts the packages an upgrade would install, and the security fixes among them', () => {
    const simulation = [
      'Reading package lists...',
      'Inst libssl3 [3.0.15-1~deb12u1] (3.0.17-1~deb12u2 Debian-Security:12/stable-security [amd64])',
      'Inst tzdata [2024a-0+deb12u1] (2025b-0+deb12u1 Debian:12.11/stable [all])',
      'Conf libssl3 (3.0.17-1~deb12u2 Debian-Security:12/stable-security [amd64])',
    ].join('\n');
    assert.deepEqual(countUpgrades(simulation), { pending: 2, security: 1 });
  });

  it(
    'asks the real apt-get without root or lock',
    { skip: !existsSync('/usr/bin/apt-get') && 'no apt-get' },
    async () => {
      const count = await createPendingUpdates(createCommandRunner({}))();
      assert.ok(count && count.pending >= count.security && count.security >= 0, JSON.stringify(count));
    },
  );
});
