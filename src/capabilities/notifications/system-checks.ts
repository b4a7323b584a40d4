// The system checks of a report: each turns the readings of the box into findings (ok, warning,
// problem), each finding with what to do. A list, so later capabilities (certificates, DynDNS, backups)
// add their own checks beside these.

export type Level = 'ok' | 'warning' | 'problem';

export interface Finding {
  check: string;
  level: Level;
  /** Translation key of the finding and of the advice what to do, with their values. */
  messageKey: string;
  adviceKey?: string;
  params: Record<string, string | number>;
}

export interface Filesystem {
  mount: string;
  totalBytes: number;
  freeBytes: number;
}

export interface SystemReadings {
  filesystems: Filesystem[];
  memory: { totalBytes: number; availableBytes: number };
  load: { one: number; five: number; fifteen: number; cpus: number };
  uptimeSeconds: number;
  /** Debian updates waiting to be installed; null where apt is missing or could not tell. */
  updates?: { pending: number; security: number } | null;
  /** When the machine came back from a restart the daemon did not see coming (last week), newest first. */
  unexpectedRestarts?: string[];
  /** Temperatures of the thermal zones (CPU, board); empty where the machine has no sensors. */
  temperatures?: { sensor: string; celsius: number }[];
  /** What each disk says of its health (SMART); null where smartctl is missing or may not ask them. */
  disks?: DiskHealth[] | null;
}

/** One disk's SMART self-assessment and the counters that tell of wear before it fails. */
export interface DiskHealth {
  device: string;
  model: string;
  /** The disk was asleep and is not woken for a report: nothing else is known this time. */
  asleep: boolean;
  /** The disk's own verdict: false is "failing" (or an NVMe critical warning); null where it gave none. */
  passed: boolean | null;
  /** Sectors remapped, waiting to be remapped or unreadable (ATA); NVMe media and integrity errors. */
  badSectors: number;
  /** Share of its rated endurance an SSD has used up (NVMe "percentage used"); null where unknown. */
  wearPercent: number | null;
  /** The disk's own self-test log holds failed tests. */
  selfTestErrors: boolean;
  celsius: number | null;
  powerOnHours: number | null;
}

export interface CheckSettings {
  disk: { enabled: boolean; warningPercent: number; criticalPercent: number };
  memory: { enabled: boolean; warningPercent: number };
  load: { enabled: boolean; warningPerCpu: number };
  uptime: { enabled: boolean };
  updates: { enabled: boolean };
  reboots: { enabled: boolean };
  temperature: { enabled: boolean; warningCelsius: number; criticalCelsius: number };
  smart: { enabled: boolean };
  backup: { enabled: boolean };
}

export const DEFAULT_CHECKS: CheckSettings = {
  disk: { enabled: true, warningPercent: 80, criticalPercent: 90 },
  memory: { enabled: true, warningPercent: 90 },
  load: { enabled: true, warningPerCpu: 2 },
  uptime: { enabled: true },
  updates: { enabled: true },
  reboots: { enabled: true },
  temperature: { enabled: true, warningCelsius: 80, criticalCelsius: 90 },
  smart: { enabled: true },
  backup: { enabled: true },
};

export interface SystemCheck {
  id: string;
  run(readings: SystemReadings, settings: CheckSettings): Finding[];
}

const percent = (used: number, total: number) => (total > 0 ? Math.round((used / total) * 100) : 0);
const GiB = 1024 ** 3;
const round = (value: number) => Math.round(value * 10) / 10;

/**
 * A finding of `check` with the text `report.<check>.<name>`; one that is not ok also says what to do
 * (`report.<check>.advice`).
 */
export function finding(check: string, level: Level, name: string, params: Finding['params']): Finding {
  const text = { check, level, messageKey: `report.${check}.${name}`, params };
  return level === 'ok' ? text : { ...text, adviceKey: `report.${check}.advice` };
}

/** `problem` from the critical level on, `warning` from the warning level on, else `ok`. */
function grade(value: number, warning: number, critical = Infinity): Level {
  return value >= critical ? 'problem' : value >= warning ? 'warning' : 'ok';
}

const NAME: Record<Level, string> = { problem: 'critical', warning: 'warning', ok: 'ok' };

export const diskCheck: SystemCheck = {
  id: 'disk',
  run({ filesystems }, { disk }) {
    if (!disk.enabled) return [];
    return filesystems.map((fs) => {
      const used = percent(fs.totalBytes - fs.freeBytes, fs.totalBytes);
      const level = grade(used, disk.warningPercent, disk.criticalPercent);
      return finding('disk', level, NAME[level], {
        mount: fs.mount,
        percent: used,
        free: round(fs.freeBytes / GiB),
      });
    });
  },
};

export const memoryCheck: SystemCheck = {
  id: 'memory',
  run({ memory }, settings) {
    if (!settings.memory.enabled) return [];
    const used = percent(memory.totalBytes - memory.availableBytes, memory.totalBytes);
    const level = grade(used, settings.memory.warningPercent);
    return [finding('memory', level, NAME[level], { percent: used, total: round(memory.totalBytes / GiB) })];
  },
};

export const loadCheck: SystemCheck = {
  id: 'load',
  run({ load }, settings) {
    if (!settings.load.enabled) return [];
    // The 15-minute average: a short burst (an update, a backup) is no finding.
    const level = grade(load.fifteen / Math.max(1, load.cpus), settings.load.warningPerCpu);
    return [
      finding('load', level, NAME[level], { load: Math.round(load.fifteen * 100) / 100, cpus: load.cpus }),
    ];
  },
};

export const uptimeCheck: SystemCheck = {
  id: 'uptime',
  run({ uptimeSeconds }, settings) {
    if (!settings.uptime.enabled) return [];
    const days = Math.floor(uptimeSeconds / 86_400);
    const hours = Math.floor((uptimeSeconds % 86_400) / 3600);
    return [{ check: 'uptime', level: 'ok', messageKey: 'report.uptime', params: { days, hours } }];
  },
};

export const updatesCheck: SystemCheck = {
  id: 'updates',
  run({ updates }, settings) {
    if (!settings.updates.enabled || !updates) return [];
    const params = { pending: updates.pending, security: updates.security };
    if (updates.security > 0) return [finding('updates', 'warning', 'security', params)];
    return [finding('updates', 'ok', updates.pending > 0 ? 'pending' : 'none', params)];
  },
};

export const rebootCheck: SystemCheck = {
  id: 'reboots',
  run({ unexpectedRestarts }, settings) {
    if (!settings.reboots.enabled || !unexpectedRestarts || unexpectedRestarts.length === 0) return [];
    const params = { at: unexpectedRestarts[0] ?? '', count: unexpectedRestarts.length };
    return [finding('reboots', 'warning', 'unexpected', params)];
  },
};

export const temperatureCheck: SystemCheck = {
  id: 'temperature',
  run({ temperatures }, settings) {
    const { enabled, warningCelsius, criticalCelsius } = settings.temperature;
    if (!enabled || !temperatures || temperatures.length === 0) return [];
    const hottest = temperatures.reduce((a, b) => (b.celsius > a.celsius ? b : a));
    const level = grade(hottest.celsius, warningCelsius, criticalCelsius);
    return [finding('temperature', level, NAME[level], { sensor: hottest.sensor, celsius: hottest.celsius })];
  },
};

/** Wear from which an SSD is worth replacing soon: its rated endurance is nearly used up. */
const WORN_OUT_PERCENT = 90;

export const smartCheck: SystemCheck = {
  id: 'smart',
  run({ disks }, settings) {
    if (!settings.smart.enabled || !disks) return [];
    return disks.map((disk) => {
      const params = { disk: disk.device, model: disk.model };
      if (disk.asleep) return finding('smart', 'ok', 'asleep', params);
      if (disk.passed === false) return finding('smart', 'problem', 'failing', params);
      if (disk.badSectors > 0)
        return finding('smart', 'warning', 'badSectors', { ...params, count: disk.badSectors });
      if (disk.wearPercent !== null && disk.wearPercent >= WORN_OUT_PERCENT)
        return finding('smart', 'warning', 'wornOut', { ...params, percent: disk.wearPercent });
      if (disk.selfTestErrors) return finding('smart', 'warning', 'selfTest', params);
      return finding('smart', 'ok', 'healthy', {
        ...params,
        hours: disk.powerOnHours ?? 0,
        celsius: disk.celsius ?? '–',
      });
    });
  },
};

export const SYSTEM_CHECKS: SystemCheck[] = [
  temperatureCheck,
  smartCheck,
  diskCheck,
  memoryCheck,
  loadCheck,
  uptimeCheck,
  updatesCheck,
  rebootCheck,
];

export function runChecks(
  checks: SystemCheck[],
  readings: SystemReadings,
  settings: CheckSettings,
): Finding[] {
  return checks.flatMap((check) => check.run(readings, settings));
}
