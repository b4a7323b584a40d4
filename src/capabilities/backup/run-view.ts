// How runs and the running job look to the API: the stored record of a run turned into what the report
// shows, and errors turned into message keys.
import { isHausmeisterError } from '../../errors.js';
import type { RunRecord } from '../../store/backup-store.js';
import type { JobProgress } from './backup-job-protocol.js';
import type { BackupRunResult } from './engine/backup-run.js';

export type JobAction = 'backup' | 'verify' | 'restore';

export interface Message {
  messageKey: string;
  params: Record<string, string | number>;
}

export interface JobView {
  runId: number;
  action: JobAction;
  startedAt: string;
  progress: Omit<JobProgress, 'type'> | null;
}

export interface RunView {
  id: number;
  action: string;
  trigger: string;
  state: 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted';
  startedAt: string;
  finishedAt: string | null;
  backupId: string | null;
  kind: 'full' | 'incremental' | null;
  files: number | null;
  bytes: number | null;
  packedBytes: number | null;
  storedBytes: number | null;
  durationMs: number | null;
  targets: { target: string; ok: boolean; error?: Message }[];
  error: Message | null;
  warnings: Message[];
  details: Record<string, unknown> | null;
}

export function messageOf(error: unknown): Message {
  return isHausmeisterError(error)
    ? { messageKey: error.messageKey, params: error.params }
    : { messageKey: 'error.internal', params: {} };
}

export function runView(record: RunRecord): RunView {
  const result = (record.result ?? {}) as Partial<BackupRunResult> & { details?: Record<string, unknown> };
  const stats = result.stats;
  return {
    id: record.id,
    action: record.action,
    trigger: record.trigger,
    state: record.state as RunView['state'],
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    backupId: record.backupId,
    kind: (record.kind as RunView['kind']) ?? null,
    files: stats?.files ?? null,
    bytes: stats?.bytes ?? null,
    packedBytes: stats?.packedBytes ?? null,
    storedBytes: stats?.storedBytes ?? null,
    durationMs:
      stats?.durationMs ??
      (record.finishedAt ? Date.parse(record.finishedAt) - Date.parse(record.startedAt) : null),
    targets: (result.targets ?? []).map((t) => ({
      target: t.target,
      ok: t.ok,
      ...(t.error ? { error: { messageKey: t.error.messageKey, params: t.error.params } } : {}),
    })),
    error: (record.error as Message | null) ?? null,
    warnings: stats?.warnings ?? [],
    details: result.details ?? null,
  };
}
