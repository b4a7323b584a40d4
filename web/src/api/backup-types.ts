// The shapes of the backup API (/api/v1/backup/…) as the UI sees them; mirrors src/api/backup-schemas.ts.
import type { Localized, Params } from './types.js';

export interface Message {
  messageKey: string;
  params: Params;
}

export type BackupFrequency = 'daily' | 'weekly' | 'monthly';
export type VerifySchedule = 'off' | 'weekly' | 'monthly';
export type FtpEncryption = 'explicit' | 'implicit' | 'none';

export interface Schedule {
  frequency: BackupFrequency;
  /** `HH:MM`, 24 h, the box's local time. */
  timeOfDay: string;
  /** Weekly: 0 = Sunday … 6 = Saturday. */
  weekday?: number;
  /** Monthly: 1–28. */
  dayOfMonth?: number;
}

export interface LocalTargetInput {
  id?: string;
  kind: 'local';
  path: string;
  uuid?: string;
  label?: string;
}

export interface FtpTargetInput {
  id?: string;
  kind: 'ftp';
  host: string;
  port: number;
  user: string;
  /** Omitted with an `id`: the stored password is kept. */
  password?: string;
  tls: FtpEncryption;
  folder: string;
  caCertificate?: string;
}

export interface S3TargetInput {
  id?: string;
  kind: 's3';
  /** Omitted for Amazon S3 itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  /** Omitted with an `id`: the stored key is kept. */
  secretAccessKey?: string;
  forcePathStyle?: boolean;
}

export type TargetInput = LocalTargetInput | FtpTargetInput | S3TargetInput;
export type TargetKind = TargetInput['kind'];

export type TargetView =
  | { id: string; kind: 'local'; path: string; uuid?: string; label?: string; description: string }
  | {
      id: string;
      kind: 'ftp';
      host: string;
      port: number;
      user: string;
      hasPassword: boolean;
      tls: string;
      folder: string;
      caCertificate?: string;
      description: string;
    }
  | {
      id: string;
      kind: 's3';
      endpoint?: string;
      region: string;
      bucket: string;
      prefix: string;
      accessKeyId: string;
      hasSecretKey: boolean;
      forcePathStyle?: boolean;
      description: string;
    };

export interface SettingsInput {
  enabled: boolean;
  schedule: Schedule;
  maxAgeDays: number;
  targets: TargetInput[];
  /** Required the first time; omitted to keep the stored one. */
  passphrase?: string;
  folders: string[];
  excludes: string[];
  excludedServices: string[];
  verify: VerifySchedule;
}

export interface BackupSource {
  id: string;
  name: Localized;
  paths: string[];
}

export interface SettingsView {
  configured: boolean;
  enabled: boolean;
  schedule: Schedule;
  maxAgeDays: number;
  targets: TargetView[];
  passphrase: { set: boolean; setAt: string | null };
  folders: string[];
  excludes: string[];
  excludedServices: string[];
  verify: string;
  sources: { cockpit: string[]; services: BackupSource[] };
  nextRunAt: string | null;
}

export type JobAction = 'backup' | 'verify' | 'restore' | 'prune';
export type JobPhase = 'scanning' | 'writing' | 'finishing' | 'restoring' | 'verifying' | 'pruning';

export interface JobProgress {
  phase: JobPhase | string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
  secondsLeft: number | null;
}

export interface JobView {
  runId: number;
  action: JobAction;
  startedAt: string;
  progress: JobProgress | null;
}

export type RunState = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted';

export interface RunView {
  id: number;
  action: JobAction | string;
  /** `schedule`, `owner` (the UI), `cli`. */
  trigger: string;
  state: RunState;
  startedAt: string;
  finishedAt: string | null;
  backupId: string | null;
  kind: 'full' | 'incremental' | null;
  files: number | null;
  /** The files at this point in time, before compression. */
  bytes: number | null;
  /** Packed in this run (new and changed files), before and after compression and encryption. */
  packedBytes: number | null;
  storedBytes: number | null;
  durationMs: number | null;
  targets: { target: string; ok: boolean; error?: Message }[];
  error: Message | null;
  warnings: Message[];
  /** Verify: problems found; restore: files restored; prune: backups removed. */
  details: Record<string, unknown> | null;
}

export interface Overview {
  settings: SettingsView;
  job: JobView | null;
  lastRun: RunView | null;
}

export interface Disk {
  mountpoint: string;
  uuid: string | null;
  label: string | null;
  fstype: string;
  sizeBytes: number;
  availableBytes: number;
}

export interface StoredBackup {
  id: string;
  kind: 'full' | 'incremental' | string;
  createdAt: string;
  chain: string;
  targets: string[];
  storedBytes: number;
}

export type EntryType = 'file' | 'dir' | 'symlink';

export interface BackupEntry {
  name: string;
  path: string;
  type: EntryType | string;
  size: number;
  mtimeMs: number | null;
}

export interface BrowseResult {
  backupId: string;
  folder: string;
  entries: BackupEntry[];
}

export interface RestoreInput {
  backupId: string;
  /** Files or folders as backed up; empty = everything. */
  paths: string[];
  /** A folder to restore into (original paths below it), or null for the original place. */
  destination: string | null;
}

/** What the event stream sends as `event: backup`. */
export interface BackupEvent {
  job: JobView | null;
  run?: RunView;
}
