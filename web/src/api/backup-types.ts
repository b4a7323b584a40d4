// The shapes of the backup API (/api/v1/backup/…) as the UI sees them: the very schemas the daemon
// validates and serialises with (src/api/backup-schemas.ts), so the two cannot drift apart.
import type { Static } from 'typebox';
import type {
  BrowseResultSchema,
  DiskSchema,
  JobViewSchema,
  OverviewSchema,
  ProgressSchema,
  RestoreInputSchema,
  RunViewSchema,
  ScheduleSchema,
  SettingsInputSchema,
  SettingsViewSchema,
  StoredBackupSchema,
  TargetInputSchema,
  TargetViewSchema,
} from '../../../src/api/backup-schemas.js';

export type Schedule = Static<typeof ScheduleSchema>;
export type BackupFrequency = Schedule['frequency'];
export type TargetInput = Static<typeof TargetInputSchema>;
export type TargetKind = TargetInput['kind'];
export type LocalTargetInput = Extract<TargetInput, { kind: 'local' }>;
export type FtpTargetInput = Extract<TargetInput, { kind: 'ftp' }>;
export type S3TargetInput = Extract<TargetInput, { kind: 's3' }>;
export type FtpEncryption = FtpTargetInput['tls'];
export type TargetView = Static<typeof TargetViewSchema>;
export type SettingsInput = Static<typeof SettingsInputSchema>;
export type VerifySchedule = SettingsInput['verify'];
export type SettingsView = Static<typeof SettingsViewSchema>;
export type BackupSource = SettingsView['sources']['services'][number];
export type JobProgress = Static<typeof ProgressSchema>;
export type JobView = Static<typeof JobViewSchema>;
export type JobAction = JobView['action'];
export type RunView = Static<typeof RunViewSchema>;
export type RunState = RunView['state'];
export type Message = NonNullable<RunView['error']>;
export type Overview = Static<typeof OverviewSchema>;
export type Disk = Static<typeof DiskSchema>;
export type StoredBackup = Static<typeof StoredBackupSchema>;
export type BrowseResult = Static<typeof BrowseResultSchema>;
export type BackupEntry = BrowseResult['entries'][number];
export type EntryType = 'file' | 'dir' | 'symlink';
export type RestoreInput = Static<typeof RestoreInputSchema>;

/** What the event stream sends as `event: backup`. */
export interface BackupEvent {
  job: JobView | null;
  run?: RunView;
}
