// Signals and watches a service's process group, so that the helpers a service forks go down with it.
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/** Sends `signal` to every process of the group; false when the group has no process left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * The group's processes that still live. Read from /proc because kill(-pgid, 0) also counts zombies:
 * helpers orphaned by a killed service linger as zombies until PID 1 reaps them, which can take seconds.
 */
export async function livingGroupMembers(pgid: number): Promise<number[]> {
  const members: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = await readFile(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    // The command name (field 2) may contain spaces and parentheses; the fields after the last ')' are
    // state, ppid, pgrp…
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(group) === pgid && state !== 'Z' && state !== 'X') members.push(Number(name));
  }
  return members;
}

/** Waits until no living process is left in the group; false if some still live after `timeoutMs`. */
export async function waitForGroupGone(pgid: number, timeoutMs: number, pollMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await livingGroupMembers(pgid)).length === 0) return true;
    if (Date.now() >= deadline) return false;
    await delay(pollMs);
  }
}
