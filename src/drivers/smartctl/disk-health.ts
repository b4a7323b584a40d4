// Asks each disk for its SMART health through smartctl (smartmontools) and its JSON output: the
// disk's own verdict and the counters that announce a failure (remapped and unreadable sectors, NVMe
// media errors, SSD wear). Sleeping disks are not woken (`--nocheck=standby`), and the answer is kept
// half an hour, as smartd polls: reports and alerts look every minute.
import type { DiskHealth } from '../../capabilities/notifications/index.js';
import type { CommandRunner } from '../command-runner/command-runner.js';

const KEEP_MS = 30 * 60 * 1000;

/** smartctl's exit status is a bit mask (smartctl(8), "RETURN VALUES"). */
const EXIT = {
  openFailedOrAsleep: 1 << 1,
  diskFailing: 1 << 3,
  prefailBelowThreshold: 1 << 4,
  selfTestErrors: 1 << 7,
};

/** ATA attributes counting sectors the disk had to remap, waits to remap, or could not read. */
const BAD_SECTOR_ATTRIBUTES = new Set([5, 197, 198]);

interface ScanOutput {
  devices?: { name: string; type: string; open_error?: string }[];
}

interface DeviceOutput {
  smartctl?: { exit_status?: number; messages?: { string: string }[] };
  model_name?: string;
  scsi_model_name?: string;
  smart_status?: { passed?: boolean };
  ata_smart_attributes?: { table?: { id: number; raw?: { value?: number } }[] };
  nvme_smart_health_information_log?: {
    critical_warning?: number;
    percentage_used?: number;
    media_errors?: number;
  };
  scsi_grown_defect_list?: number;
  temperature?: { current?: number };
  power_on_time?: { hours?: number };
}

export function createDiskHealth(runner: CommandRunner): () => Promise<DiskHealth[] | null> {
  let cached: { at: number; value: DiskHealth[] | null } | null = null;
  return async () => {
    if (cached && Date.now() - cached.at < KEEP_MS) return cached.value;
    const value = await readDisks(runner).catch(() => null);
    cached = { at: Date.now(), value };
    return value;
  };
}

/** null where smartctl is missing or may open none of the disks it found (not root). */
async function readDisks(runner: CommandRunner): Promise<DiskHealth[] | null> {
  const scan = await runner.run(['smartctl', '--scan-open', '--json'], { timeoutMs: 60_000 });
  const devices = (JSON.parse(scan.stdout) as ScanOutput).devices ?? [];
  const openable = devices.filter((device) => !device.open_error);
  if (devices.length > 0 && openable.length === 0) return null;
  const disks: DiskHealth[] = [];
  for (const device of openable) {
    const result = await runner.run(
      [
        'smartctl',
        '--json',
        '--info',
        '--health',
        '--attributes',
        '--log=selftest',
        '--nocheck=standby',
        '--device',
        device.type,
        device.name,
      ],
      { timeoutMs: 60_000 },
    );
    const health = parseDeviceHealth(device.name, result.stdout);
    if (health) disks.push(health);
  }
  return disks;
}

/** One device's answer in smartctl's JSON; null where the device has no SMART to tell. */
export function parseDeviceHealth(device: string, json: string): DiskHealth | null {
  const output = JSON.parse(json) as DeviceOutput;
  const exit = output.smartctl?.exit_status ?? 0;
  const model = output.model_name ?? output.scsi_model_name ?? device;
  const asleep =
    (exit & EXIT.openFailedOrAsleep) !== 0 &&
    (output.smartctl?.messages ?? []).some((m) => /in (STANDBY|SLEEP|IDLE\w*) mode/i.test(m.string));
  if (asleep)
    return {
      device,
      model,
      asleep,
      passed: null,
      badSectors: 0,
      wearPercent: null,
      selfTestErrors: false,
      celsius: null,
      powerOnHours: null,
    };
  const nvme = output.nvme_smart_health_information_log;
  const verdict = output.smart_status?.passed;
  if (verdict === undefined && !nvme) return null;
  const failing =
    verdict === false ||
    (nvme?.critical_warning ?? 0) !== 0 ||
    (exit & (EXIT.diskFailing | EXIT.prefailBelowThreshold)) !== 0;
  const ataBadSectors = (output.ata_smart_attributes?.table ?? [])
    .filter((attribute) => BAD_SECTOR_ATTRIBUTES.has(attribute.id))
    .reduce((sum, attribute) => sum + (attribute.raw?.value ?? 0), 0);
  return {
    device,
    model,
    asleep: false,
    passed: !failing,
    badSectors: ataBadSectors + (nvme?.media_errors ?? 0) + (output.scsi_grown_defect_list ?? 0),
    wearPercent: nvme?.percentage_used ?? null,
    selfTestErrors: (exit & EXIT.selfTestErrors) !== 0,
    celsius: output.temperature?.current ?? null,
    powerOnHours: output.power_on_time?.hours ?? null,
  };
}
