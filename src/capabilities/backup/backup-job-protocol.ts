// The backup job runs in a process of its own (so the daemon stays small and a killed job harms nothing
// else). It reads one request as JSON on stdin and writes JSON lines on stdout: progress, then a result.
import type { TargetConfig } from './backup-target.js';

export interface BackupSource {
  /** Absolute folder or file to back up. */
  path: string;
}

export type BackupJobRequest =
  | {
      action: 'backup';
      /** Where the job keeps its cache (the latest manifest of each target). */
      stateDir: string;
      targets: TargetConfig[];
      passphrase: string;
      sources: BackupSource[];
      /** Glob patterns (`*.tmp`, `**\/cache/**`) matched against absolute paths. */
      excludes: string[];
      /** `auto`: a full backup once a month, incremental in between. */
      kind: 'auto' | 'full' | 'incremental';
      /** SQLite databases to copy through SQLite's online backup, so the copy is consistent. */
      databases?: string[];
      /** Absolute paths never backed up, with everything below them (logs, caches, run files). */
      skip?: string[];
    }
  | {
      action: 'restore';
      targets: TargetConfig[];
      passphrase: string;
      /** Passphrases in use before the current one: a backup needs the passphrase of its time. */
      olderPassphrases?: string[];
      backupId: string;
      /** Files or folders (absolute, as backed up) to restore; empty = everything. */
      paths: string[];
      /** A folder to restore into (keeping the original paths below it); null = the original place. */
      destination: string | null;
      /** Files never overwritten in place (the cockpit's live database); reported as skipped. */
      protect?: string[];
    }
  | {
      action: 'verify';
      targets: TargetConfig[];
      passphrase: string;
      olderPassphrases?: string[];
      backupId?: string;
    }
  | { action: 'list'; targets: TargetConfig[]; passphrase: string }
  | {
      action: 'browse';
      targets: TargetConfig[];
      passphrase: string;
      olderPassphrases?: string[];
      backupId: string;
      folder: string;
    }
  | { action: 'test-target'; target: TargetConfig }
  | { action: 'prune'; targets: TargetConfig[]; passphrase: string; maxAgeDays: number; now?: string };

export interface JobProgress {
  type: 'progress';
  /** `reconnecting`: a target's connection broke off; the job waits and reads again. */
  phase: 'scanning' | 'writing' | 'finishing' | 'restoring' | 'verifying' | 'pruning' | 'reconnecting';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
  /** null while unknown. */
  secondsLeft: number | null;
}

export interface JobFailure {
  type: 'error';
  reason: string;
  messageKey: string;
  params: Record<string, string | number>;
  detail?: string;
}

export interface JobResult<T = unknown> {
  type: 'result';
  result: T;
}

export type JobMessage = JobProgress | JobFailure | JobResult;

/** Runs one job in its own process; resolves with its result, rejects with its error (a HausmeisterError). */
export interface JobLauncher {
  run(
    request: BackupJobRequest,
    onProgress: (progress: JobProgress) => void,
    signal?: AbortSignal,
  ): Promise<unknown>;
}
