// Disk health from smartctl's JSON: answers of disks this machine lacks (test/fixtures/smartctl), the
// way through scan and devices with those answers replayed, and the real smartctl where it exists.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCommandRunner, type CommandRunner } from '../command-runner/command-runner.js';
import { createDiskHealth, parseDeviceHealth } from './disk-health.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const answers = (situation: string) => path.join(root, 'test/fixtures/smartctl', situation);
const answer = (situation: string, device: string) =>
  readFile(path.join(answers(situation), `${device}.json`), 'utf8');

/** Runs the fake smartctl in place of the real one, replaying the answers of a situation. */
function replaying(situation: string): CommandRunner {
  const runner = createCommandRunner();
  const fake = path.join(root, 'test/fakes/fake-smartctl/smartctl');
  const env = { FAKE_SMARTCTL_ANSWERS: answers(situation) };
  return {
    run: (argv, options) => runner.run([fake, ...argv.slice(1)], { ...options, env }),
    runChecked: (argv, options) => runner.runChecked([fake, ...argv.slice(1)], { ...options, env }),
  };
}

describe('disk health (smartctl)', () => {
  it('reads a healthy SATA disk and NVMe SSD', async () => {
    assert.deepEqual(parseDeviceHealth('/dev/sda', await answer('healthy', 'sda')), {
      device: '/dev/sda',
      model: 'WDC WD40EFRX-68N32N0',
      asleep: false,
      passed: true,
      badSectors: 0,
      wearPercent: null,
      selfTestErrors: false,
      celsius: 34,
      powerOnHours: 21873,
    });
    const nvme = parseDeviceHealth('/dev/nvme0', await answer('healthy', 'nvme0'));
    assert.equal(nvme?.passed, true);
    assert.equal(nvme?.wearPercent, 3);
    assert.equal(nvme?.celsius, 41);
  });

  it('tells a failing disk, remapped and unreadable sectors, wear and failed self-tests', async () => {
    const failing = parseDeviceHealth('/dev/sda', await answer('failing', 'sda'));
    assert.equal(failing?.passed, false);
    assert.equal(failing?.badSectors, 1944 + 16);
    assert.equal(parseDeviceHealth('/dev/nvme0', await answer('failing', 'nvme0'))?.wearPercent, 93);
    const degraded = parseDeviceHealth('/dev/sda', await answer('degraded', 'sda'));
    assert.equal(degraded?.passed, true);
    assert.equal(degraded?.badSectors, 16);
    assert.equal(degraded?.selfTestErrors, true);
    // An NVMe critical warning (here: spare below its threshold) is the disk's own "failing".
    assert.equal(parseDeviceHealth('/dev/nvme0', await answer('degraded', 'nvme0'))?.passed, false);
  });

  it('leaves a sleeping disk asleep and skips devices without SMART', async () => {
    const asleep = parseDeviceHealth('/dev/sda', await answer('asleep', 'sda'));
    assert.equal(asleep?.asleep, true);
    assert.equal(asleep?.passed, null);
    const noSmart = JSON.stringify({
      smartctl: { exit_status: 1, messages: [{ string: '/dev/vda: Unable to detect device type' }] },
    });
    assert.equal(parseDeviceHealth('/dev/vda', noSmart), null);
  });

  it('asks every disk the scan found, without waking sleepers or giving up on a bridge it cannot use', async () => {
    const healthy = await createDiskHealth(replaying('healthy'))();
    assert.deepEqual(
      healthy?.map((d) => [d.device, d.passed]),
      [
        ['/dev/sda', true],
        ['/dev/nvme0', true],
      ],
    );
    const asleep = await createDiskHealth(replaying('asleep'))();
    assert.deepEqual(
      asleep?.map((d) => [d.device, d.asleep]),
      [['/dev/sda', true]],
    );
  });

  it('knows nothing where it may open no disk, or where smartctl is missing', async () => {
    assert.equal(await createDiskHealth(replaying('not-root'))(), null);
    const runner = createCommandRunner();
    const missing: CommandRunner = {
      run: (argv, options) => runner.run(['hausmeister-no-such-smartctl', ...argv.slice(1)], options),
      runChecked: runner.runChecked,
    };
    assert.equal(await createDiskHealth(missing)(), null);
  });

  it(
    'asks the real smartctl',
    { skip: !existsSync('/usr/sbin/smartctl') && 'smartmontools is not installed' },
    async () => {
      // This machine's only disk is virtio (no SMART): the real scan finds nothing to ask, but it runs.
      const disks = await createDiskHealth(createCommandRunner())();
      if (process.getuid?.() === 0) assert.ok(Array.isArray(disks), JSON.stringify(disks));
      for (const disk of disks ?? []) assert.equal(typeof disk.model, 'string');
    },
  );
});
