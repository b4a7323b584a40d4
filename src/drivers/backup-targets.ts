// Builds the backup target driver for a configured place: USB disk folder, FTP server or S3 bucket.
// Each driver is loaded only when a target of its kind is used: the S3 client alone costs tens of MB
// that a backup to a USB disk should not pay.
import type { BackupTarget, TargetConfig } from '../capabilities/backup/backup-target.js';
import type { CommandRunner } from './command-runner/command-runner.js';

export async function createBackupTarget(
  config: TargetConfig,
  deps: { runner: CommandRunner },
): Promise<BackupTarget> {
  switch (config.kind) {
    case 'local':
      return (await import('./backup-local/local-target.js')).createLocalTarget(config, deps);
    case 'ftp':
      return (await import('./backup-ftp/ftp-target.js')).createFtpTarget(config);
    case 's3':
      return (await import('./backup-s3/s3-target.js')).createS3Target(config);
  }
}
