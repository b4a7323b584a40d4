// Builds the backup target driver for a configured place: USB disk folder, FTP server or S3 bucket.
import type { BackupTarget, TargetConfig } from '../capabilities/backup/backup-target.js';
import type { CommandRunner } from './command-runner/command-runner.js';
import { createFtpTarget } from './backup-ftp/ftp-target.js';
import { createLocalTarget } from './backup-local/local-target.js';
import { createS3Target } from './backup-s3/s3-target.js';

export function createBackupTarget(config: TargetConfig, deps: { runner: CommandRunner }): BackupTarget {
  switch (config.kind) {
    case 'local':
      return createLocalTarget(config, deps);
    case 'ftp':
      return createFtpTarget(config);
    case 's3':
      return createS3Target(config);
  }
}
