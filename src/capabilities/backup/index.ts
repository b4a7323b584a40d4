// The backup capability's public surface.
export type {
  BackupJobRequest,
  BackupSource,
  JobLauncher,
  JobMessage,
  JobProgress,
  JobFailure,
} from './backup-job-protocol.js';
export type {
  BackupTarget,
  TargetConfig,
  LocalTargetConfig,
  FtpTargetConfig,
  S3TargetConfig,
  StoredObject,
} from './backup-target.js';
export {
  isDue,
  kindOfNextBackup,
  nextRunAfter,
  type BackupSchedule,
  type BackupFrequency,
} from './backup-schedule.js';
export {
  Backups,
  type BackupsDeps,
  type BackupLayout,
  type BackupRepository,
  type JobView,
  type RunView,
  type ServiceData,
  type Trigger,
} from './backups.js';
export type { SettingsInput, TargetInput } from './backup-settings.js';
