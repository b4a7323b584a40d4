// System notifications capability: its public surface.
export {
  DEFAULT_NOTIFICATIONS,
  Notifications,
  type NotificationSettings,
  type NotificationsDeps,
  type ReportFrequency,
} from './notifications.js';
export { reportMail, reportSubject, type ServiceStatus } from './report-mail.js';
export {
  DEFAULT_CHECKS,
  runChecks,
  SYSTEM_CHECKS,
  type CheckSettings,
  type DiskHealth,
  type Filesystem,
  type Finding,
  type Level,
  type SystemCheck,
  type SystemReadings,
} from './system-checks.js';
export { backupCheck, type BackupState } from './backup-check.js';
