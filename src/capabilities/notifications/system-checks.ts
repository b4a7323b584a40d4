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
}

export interface CheckSettings {
  disk: { enabled: boolean; warningPercent: number; criticalPercent: number };
  memory: { enabled: boolean; warningPercent: number };
  load: { enabled: boolean; warningPerCpu: number };
  uptime: { enabled: boolean };
  updates: { enabled: boolean };
  reboots: { enabled: boolean };
  temperature: { enabled: boolean; warningCelsius: number; criticalCelsius: number };
}

export const DEFAULT_CHECKS: CheckSettings = {
  disk: { enabled: true, warningPercent: 80, criticalPercent: 90 },
  memory: { enabled: true, warningPercent: 90 },
  load: { enabled: true, warningPerCpu: 2 },
  uptime: { enabled: true },
  updates: { enabled: true },
  reboots: { enabled: true },
  temperature: { enabled: true, warningCelsius: 80, criticalCelsius: 90 },
};

export interface SystemCheck {
  id: string;
  run(readings: SystemReadings, settings: CheckSettings): Finding[];
}

const percent = (used: number, total: number) => (total > 0 ? Math.round((used / total) * 100) : 0);
const GiB = 1024 ** 3;
const round = (value: number) => Math.round(value * 10) / 10;

export const diskCheck: SystemCheck = {
  id: 'disk',
  run({ filesystems }, { disk }) {
    if (!disk.enabled) return [];
    return filesystems.map((fs) => {
      const used = percent(fs.totalBytes - fs.freeBytes, fs.totalBytes);
      const params = { mount: fs.mount, percent: used, free: round(fs.freeBytes / GiB) };
      if (used >= disk.criticalPercent)
        return {
          check: 'disk',
          level: 'problem',
          messageKey: 'report.disk.critical',
          adviceKey: 'report.disk.advice',
          params,
        };
      if (used >= disk.warningPercent)
        return {
          check: 'disk',
          level: 'warning',
          messageKey: 'report.disk.warning',
          adviceKey: 'report.disk.advice',
          params,
        };
      return { check: 'disk', level: 'ok', messageKey: 'report.disk.ok', params };
    });
  },
};

export const memoryCheck: SystemCheck = {
  id: 'memory',
  run({ memory }, settings) {
    if (!settings.memory.enabled) return [];
    const used = percent(memory.totalBytes - memory.availableBytes, memory.totalBytes);
    const params = { percent: used, total: round(memory.totalBytes / GiB) };
    return used >= settings.memory.warningPercent
      ? [
          {
            check: 'memory',
            level: 'warning',
            messageKey: 'report.memory.warning',
            adviceKey: 'report.memory.advice',
            params,
          },
        ]
      : [{ check: 'memory', level: 'ok', messageKey: 'report.memory.ok', params }];
  },
};

export const loadCheck: SystemCheck = {
  id: 'load',
  run({ load }, settings) {
    if (!settings.load.enabled) return [];
    // The 15-minute average: a short burst (an update, a backup) is no finding.
    const perCpu = load.fifteen / Math.max(1, load.cpus);
    const params = { load: Math.round(load.fifteen * 100) / 100, cpus: load.cpus };
    return perCpu >= settings.load.warningPerCpu
      ? [
          {
            check: 'load',
            level: 'warning',
            messageKey: 'report.load.warning',
            adviceKey: 'report.load.advice',
            params,
          },
        ]
      : [{ check: 'load', level: 'ok', messageKey: 'report.load.ok', params }];
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
    if (updates.security > 0)
      return [
        {
          check: 'updates',
          level: 'warning',
          messageKey: 'report.updates.security',
          adviceKey: 'report.updates.advice',
          params,
        },
      ];
    if (updates.pending > 0)
      return [{ check: 'updates', level: 'ok', messageKey: 'report.updates.pending', params }];
    return [{ check: 'updates', level: 'ok', messageKey: 'report.updates.none', params }];
  },
};

export const rebootCheck: SystemCheck = {
  id: 'reboots',
  run({ unexpectedRestarts }, settings) {
    if (!settings.reboots.enabled || !unexpectedRestarts || unexpectedRestarts.length === 0) return [];
    const params = { at: unexpectedRestarts[0] ?? '', count: unexpectedRestarts.length };
    return [
      {
        check: 'reboots',
        level: 'warning',
        messageKey: 'report.reboots.unexpected',
        adviceKey: 'report.reboots.advice',
        params,
      },
    ];
  },
};

export const temperatureCheck: SystemCheck = {
  id: 'temperature',
  run({ temperatures }, settings) {
    const { enabled, warningCelsius, criticalCelsius } = settings.temperature;
    if (!enabled || !temperatures || temperatures.length === 0) return [];
    const hottest = temperatures.reduce((a, b) => (b.celsius > a.celsius ? b : a));
    const params = { sensor: hottest.sensor, celsius: hottest.celsius };
    if (hottest.celsius >= criticalCelsius)
      return [
        {
          check: 'temperature',
          level: 'problem',
          messageKey: 'report.temperature.critical',
          adviceKey: 'report.temperature.advice',
          params,
        },
      ];
    if (hottest.celsius >= warningCelsius)
      return [
        {
          check: 'temperature',
          level: 'warning',
          messageKey: 'report.temperature.warning',
          adviceKey: 'report.temperature.advice',
          params,
        },
      ];
    return [{ check: 'temperature', level: 'ok', messageKey: 'report.temperature.ok', params }];
  },
};

export const SYSTEM_CHECKS: SystemCheck[] = [
  temperatureCheck,
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
