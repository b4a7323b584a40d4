// Reads `systemctl show` output and maps a unit's ActiveState and Result to Hausmeister's runtime states.
import type { RuntimeState } from '../../capabilities/services/runtime-driver.js';

export const SHOW_PROPERTIES = [
  'ActiveState',
  'SubState',
  'MainPID',
  'Result',
  'ExecMainStatus',
  'NRestarts',
];

export interface UnitState {
  activeState: string;
  subState: string;
  /** 0 when the unit has no main process. */
  mainPid: number;
  /** `success`, or why the unit last failed: `exit-code`, `signal`, `timeout`, `start-limit-hit`… */
  result: string;
  /** Exit code (or signal number) of the last main process. */
  execMainStatus: number;
  /** Automatic restarts systemd made (Restart=on-failure). */
  restarts: number;
}

/** Parses `systemctl show -p A,B,…` output: one KEY=VALUE per line. */
export function parseUnitState(stdout: string): UnitState {
  const values = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  const number = (key: string) => {
    const parsed = Number(values.get(key));
    return Number.isFinite(parsed) ? parsed : 0;
  };
  return {
    activeState: values.get('ActiveState') ?? 'inactive',
    subState: values.get('SubState') ?? '',
    mainPid: number('MainPID'),
    result: values.get('Result') ?? 'success',
    execMainStatus: number('ExecMainStatus'),
    restarts: number('NRestarts'),
  };
}

export function runtimeStateOf(unit: UnitState): RuntimeState {
  switch (unit.activeState) {
    case 'active':
    case 'reloading':
      return 'running';
    // Also while systemd waits to restart a crashed service (SubState auto-restart).
    case 'activating':
      return 'starting';
    case 'deactivating':
      return 'stopping';
    case 'failed':
      return 'failed';
    default: // inactive, maintenance
      return 'stopped';
  }
}

const RESULT_WORDS: Record<string, string> = {
  signal: 'was killed by a signal',
  'core-dump': 'crashed and dumped core',
  timeout: 'did not start or stop in time',
  watchdog: 'stopped answering its watchdog',
  'start-limit-hit': 'crashed too often in a short time',
  resources: 'could not get what it needs to run (files, user, memory)',
  'oom-kill': 'was killed because the server ran out of memory',
  protocol: 'did not follow the service protocol',
  'exec-condition': 'was skipped by its start condition',
};

/** Why a failed unit failed, in plain words. */
export function failureReason(unit: UnitState): string {
  // `success` with a stopped unit: it exited with 0 on its own.
  if (unit.result === 'exit-code' || unit.result === 'success')
    return `exited with code ${unit.execMainStatus}`;
  if (unit.result === 'signal' && unit.execMainStatus > 0)
    return `was killed by signal ${unit.execMainStatus}`;
  return RESULT_WORDS[unit.result] ?? `failed (${unit.result})`;
}
