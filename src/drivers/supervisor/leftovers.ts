// Remembers each running service's process group on disk, so that a daemon killed with SIGKILL (no
// chance to stop its services) can end the orphans it left behind when it starts again.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import type { Logger } from '../../logger.js';
import { signalGroup, waitForGroupGone } from './process-group.js';

interface GroupRecord {
  pgid: number;
  /** The leader's start time (clock ticks since boot): together with the pid, it names one process. */
  startTime: string;
}

const TERM_WAIT_MS = 10_000;

function recordFile(dir: string, id: string): string {
  return path.join(dir, `${id}.json`);
}

export async function recordGroup(dir: string, id: string, pgid: number): Promise<void> {
  const startTime = await processStartTime(pgid);
  if (startTime === null) return; // already gone
  await writeFileAtomic(
    recordFile(dir, id),
    JSON.stringify({ pgid, startTime } satisfies GroupRecord),
    0o600,
  );
}

/** Forgets the record, but only if it is still the one of this process group (a restart may have replaced it). */
export async function forgetGroup(dir: string, id: string, pgid: number): Promise<void> {
  const record = await readRecord(recordFile(dir, id));
  if (record?.pgid === pgid) await rm(recordFile(dir, id), { force: true });
}

/** Ends every recorded group whose leader still runs the recorded program; returns the service ids. */
export async function reapLeftovers(dir: string, log: Logger): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const reaped: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = path.join(dir, name);
    const record = await readRecord(file);
    // The pid may have been reused by an unrelated program since: only the same start time counts.
    if (record && (await processStartTime(record.pgid)) === record.startTime) {
      const id = name.slice(0, -'.json'.length);
      log.warn({ service: id, pgid: record.pgid }, 'ending a service left running by a previous daemon');
      signalGroup(record.pgid, 'SIGTERM');
      if (!(await waitForGroupGone(record.pgid, TERM_WAIT_MS))) signalGroup(record.pgid, 'SIGKILL');
      await waitForGroupGone(record.pgid, TERM_WAIT_MS);
      reaped.push(id);
    }
    await rm(file, { force: true });
  }
  return reaped;
}

async function readRecord(file: string): Promise<GroupRecord | null> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as GroupRecord;
    return Number.isInteger(record.pgid) && typeof record.startTime === 'string' ? record : null;
  } catch {
    return null;
  }
}

async function processStartTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
